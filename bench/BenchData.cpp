// kjzy-bench-data: the benchmark's input files. The provincial registry of N people from the seed
// (VolunteerGenerator::registry: 18 cities by census weight, one city pinned to an exact count),
// written as one 附件2 CSV per city, DIR/<city code>.csv, for the city clients to `kjzy import`.
// One generator for the whole province, so no ID number appears twice across the files.
//
//   kjzy-bench-data --people N --out DIR [--seed S] [--pin CITY=COUNT]
// prints one "CITY COUNT" line per file.
#include "VolunteerGenerator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QMap>
#include <QTextStream>

using namespace kjzy;
using namespace kjzy::bench;

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Writes the benchmark registry as one 附件2 CSV per city."));
    parser.addHelpOption();
    const QCommandLineOption people(QStringLiteral("people"), QStringLiteral("people in the province"),
                                    QStringLiteral("N"), QStringLiteral("250000"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("generator seed"),
                                  QStringLiteral("S"), QStringLiteral("20210033"));
    const QCommandLineOption pin(QStringLiteral("pin"), QStringLiteral("a city with an exact count"),
                                 QStringLiteral("CITY=COUNT"));
    const QCommandLineOption dir(QStringLiteral("out"), QStringLiteral("output directory"),
                                 QStringLiteral("DIR"));
    parser.addOptions({people, seed, pin, dir});
    parser.process(app);
    bool ok[2] = {};
    const int total = parser.value(people).toInt(&ok[0]);
    const quint32 seedValue = parser.value(seed).toUInt(&ok[1]);
    QHash<QString, int> pinned;
    for (const QString& spec : parser.values(pin)) {
        const QStringList parts = spec.split(u'=');
        if (parts.size() == 2)
            pinned.insert(parts.at(0), parts.at(1).toInt());
    }
    if (!ok[0] || !ok[1] || total < 1 || !parser.isSet(dir)) {
        err << "usage: kjzy-bench-data --people N --out DIR [--seed S] [--pin CITY=COUNT]" << Qt::endl;
        return 2;
    }
    const QDir target(parser.value(dir));
    if (!QDir().mkpath(target.path())) {
        err << "kjzy-bench-data: cannot create " << target.path() << Qt::endl;
        return 1;
    }
    VolunteerGenerator generator(seedValue);
    QMap<QString, QList<Volunteer>> byCity;
    for (Volunteer& v : generator.registry(total, pinned))
        byCity[v.city] << std::move(v);
    for (auto it = byCity.cbegin(); it != byCity.cend(); ++it) {
        QFile file(target.filePath(it.key() + QStringLiteral(".csv")));
        if (!file.open(QIODevice::WriteOnly) || file.write(VolunteerGenerator::sheet(it.value())) < 0) {
            err << "kjzy-bench-data: cannot write " << file.fileName() << Qt::endl;
            return 1;
        }
        out << it.key() << ' ' << it.value().size() << Qt::endl;
    }
    return 0;
}
