#include "CsvBaseline.h"
#include "VolunteerGenerator.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace kjzy::bench {

QByteArray CsvBaseline::plainCsv(const QList<Volunteer>& people, bool withIds)
{
    QString text = QString(withIds ? QStringLiteral("id,") : QString()) +
                   QStringLiteral("name,mobile,gender,id_number,political_status,ethnicity,employer,title,"
                                  "education,occupation,province,city,county,service_categories,"
                                  "service_fields,three_heads\n");
    for (const Volunteer& v : people) {
        QStringList cells = VolunteerGenerator::csvCells(v);
        if (withIds)
            cells.prepend(v.id);
        text += cells.join(u',') + u'\n';
    }
    return text.toUtf8();
}

GzipSize CsvBaseline::gzip9(const QString& path, const QByteArray& data)
{
    const QString gzip = QStandardPaths::findExecutable(QStringLiteral("gzip"));
    if (!gzip.isEmpty()) {
        QProcess process;
        process.start(gzip, {QStringLiteral("-9"), QStringLiteral("-n"), QStringLiteral("-c"), path});
        if (process.waitForFinished(120'000) && process.exitStatus() == QProcess::NormalExit &&
            process.exitCode() == 0)
            return {process.readAllStandardOutput().size(), QStringLiteral("gzip -9 -n")};
    }
    return {qCompress(data, 9).size() - 4 - 6 + 18,
            QStringLiteral("zlib level 9 in-process + 12 B gzip framing")};
}

Result<GzipSize> CsvBaseline::writeAndGzip9(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return fail(ErrorCode::Io, QStringLiteral("cannot write %1").arg(path));
    file.close();
    return gzip9(path, bytes);
}

} // namespace kjzy::bench
