#pragma once

#include <QJsonObject>
#include <QString>
#include <QTextStream>

namespace kjzy::bench {

// The benchmark's output: one "name: value unit (target …: PASS|FAIL)" line per figure as it is
// measured, then one JSON line with every figure, for scripts. Targets decide PASS or FAIL only;
// the program's exit status never depends on them.
class BenchReport
{
public:
    enum class Goal
    {
        AtLeast,
        AtMost
    };

    explicit BenchReport(QTextStream& out) : m_out(out) {}

    // A figure without a target.
    void info(const QString& name, double value, const QString& unit, int decimals = 0);
    void text(const QString& name, const QString& value);
    // A figure measured against a target; returns whether it met it.
    bool target(const QString& name, double value, const QString& unit, Goal goal, double goalValue,
                int decimals = 0);
    void note(const QString& line); // a "# …" comment line

    // "0.47 (1 min) on 2 CPUs": figures from a busy machine are not comparable.
    static QString loadAverage();

    int passed() const { return m_passed; }
    int failed() const { return m_failed; }
    // {"figures": {...}, "targets": {name: {"target": …, "goal": "min"|"max", "pass": …}}, ...}
    QJsonObject json() const;

private:
    QTextStream& m_out;
    QJsonObject m_figures;
    QJsonObject m_targets;
    int m_passed = 0;
    int m_failed = 0;
};

} // namespace kjzy::bench
