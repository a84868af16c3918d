#include "BenchReport.h"

#include <QFile>
#include <QThread>

#include <cmath>

namespace kjzy::bench {

namespace {

QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

} // namespace

void BenchReport::info(const QString& name, double value, const QString& unit, int decimals)
{
    m_out << name << QStringLiteral(": ") << number(value, decimals) << u' ' << unit << Qt::endl;
    m_figures.insert(name, rounded(value, decimals));
}

void BenchReport::text(const QString& name, const QString& value)
{
    m_out << name << QStringLiteral(": ") << value << Qt::endl;
    m_figures.insert(name, value);
}

bool BenchReport::target(const QString& name, double value, const QString& unit, Goal goal, double goalValue,
                         int decimals)
{
    const bool pass = goal == Goal::AtLeast ? value >= goalValue : value <= goalValue;
    (pass ? m_passed : m_failed) += 1;
    m_out << name << QStringLiteral(": ") << number(value, decimals) << u' ' << unit
          << QStringLiteral(" (target ")
          << (goal == Goal::AtLeast ? QStringLiteral(">= ") : QStringLiteral("<= "))
          << number(goalValue, decimals) << QStringLiteral(": ")
          << (pass ? QStringLiteral("PASS") : QStringLiteral("FAIL")) << u')' << Qt::endl;
    m_figures.insert(name, rounded(value, decimals));
    m_targets.insert(name,
                     QJsonObject{{QStringLiteral("target"), goalValue},
                                 {QStringLiteral("goal"),
                                  goal == Goal::AtLeast ? QStringLiteral("min") : QStringLiteral("max")},
                                 {QStringLiteral("pass"), pass}});
    return pass;
}

void BenchReport::note(const QString& line)
{
    m_out << QStringLiteral("# ") << line << Qt::endl;
}

QString BenchReport::loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    const QStringList parts = QString::fromLatin1(file.readAll()).split(u' ');
    return QStringLiteral("%1 (1 min) on %2 CPUs").arg(parts.value(0)).arg(QThread::idealThreadCount());
}

QJsonObject BenchReport::json() const
{
    return QJsonObject{{QStringLiteral("figures"), m_figures},
                       {QStringLiteral("targets"), m_targets},
                       {QStringLiteral("passed"), m_passed},
                       {QStringLiteral("failed"), m_failed}};
}

} // namespace kjzy::bench
