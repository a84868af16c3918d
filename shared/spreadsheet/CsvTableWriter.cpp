#include "CsvTableWriter.h"

#include "core/CsvParser.h"
#include "core/FaultPoint.h"

#include <QDir>
#include <QSaveFile>

namespace kjzy {

namespace {

using namespace Qt::StringLiterals;

constexpr qsizetype kCsvFlushBytes = 1 << 20;

void appendCsvLine(QByteArray& out, const QStringList& fields, qsizetype width)
{
    QString line;
    for (qsizetype c = 0; c < width; ++c) {
        if (c > 0)
            line += u',';
        if (c < fields.size())
            line += CsvParser::quote(fields.at(c));
    }
    out += line.toUtf8();
    out += "\r\n";
}

} // namespace

Status CsvTableWriter::write(const QString& path, const TemplateTable& table)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Io,
                    u"无法写入文件 %1：%2"_s.arg(QDir::toNativeSeparators(path), file.errorString()));

    auto writeFailed = [&] {
        const QString reason = file.errorString();
        file.cancelWriting();
        return fail(ErrorCode::Io, u"写入文件 %1 失败：%2"_s.arg(QDir::toNativeSeparators(path), reason));
    };

    QByteArray out("\xEF\xBB\xBF"); // UTF-8 BOM: Excel then reads the Chinese text correctly
    appendCsvLine(out, {table.marker}, 1);
    appendCsvLine(out, {table.title}, 1);
    const qsizetype width = table.headers.size();
    appendCsvLine(out, table.headers, width);
    for (const QStringList& row : table.rows) {
        appendCsvLine(out, row, width);
        if (out.size() >= kCsvFlushBytes) {
            if (file.write(out) != out.size())
                return writeFailed();
            out.clear();
        }
    }
    if (file.write(out) != out.size())
        return writeFailed();

    FaultPoint::hit("spreadsheet.table-writer.before-commit");
    if (!file.commit())
        return fail(ErrorCode::Io,
                    u"写入文件 %1 失败：%2"_s.arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}

} // namespace kjzy
