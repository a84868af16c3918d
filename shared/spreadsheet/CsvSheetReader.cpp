#include "CsvSheetReader.h"

#include "core/CsvParser.h"

#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

namespace kjzy {

namespace {

constexpr int kMaxSeparatorProbeLines = 50;

// Comma, semicolon or tab: whichever occurs most, outside quotes, in the first line holding any of
// them (a marker line such as "附件2" alone says nothing). Ties and separator-free text: comma.
QChar detectSeparator(QStringView text)
{
    int commas = 0;
    int semicolons = 0;
    int tabs = 0;
    bool inQuotes = false;
    int lines = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i <= n; ++i) {
        const QChar c = i < n ? text[i] : QChar(u'\n');
        if (c == u'"') {
            inQuotes = !inQuotes; // "" inside quotes toggles twice: no net change
            continue;
        }
        if (inQuotes)
            continue;
        if (c == u',')
            ++commas;
        else if (c == u';')
            ++semicolons;
        else if (c == u'\t')
            ++tabs;
        else if (c == u'\n' || c == u'\r') {
            if (commas + semicolons + tabs > 0)
                break;
            if (++lines >= kMaxSeparatorProbeLines)
                break;
        }
    }
    if (tabs > commas && tabs >= semicolons)
        return u'\t';
    if (semicolons > commas)
        return u';';
    return u',';
}

} // namespace

QString CsvSheetReader::decode(const QByteArray& bytes, QString* encodingName)
{
    const auto setName = [&](const QString& name) {
        if (encodingName)
            *encodingName = name;
    };
    // A UTF-16 BOM: Excel's "Unicode text" export.
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF")) {
        const bool little = bytes.startsWith("\xFF\xFE");
        QStringDecoder utf16(little ? QStringConverter::Utf16LE : QStringConverter::Utf16BE,
                             QStringConverter::Flag::Stateless);
        setName(little ? QStringLiteral("UTF-16LE") : QStringLiteral("UTF-16BE"));
        return utf16.decode(QByteArrayView(bytes).sliced(2));
    }
    QByteArrayView view(bytes);
    const bool bom = view.startsWith("\xEF\xBB\xBF");
    if (bom)
        view = view.sliced(3);
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    QString text = utf8.decode(view);
    if (!utf8.hasError()) {
        setName(bom ? QStringLiteral("UTF-8 (BOM)") : QStringLiteral("UTF-8"));
        return text;
    }
    QStringDecoder gb18030("GB18030", QStringConverter::Flag::Stateless);
    if (gb18030.isValid()) {
        setName(QStringLiteral("GB18030"));
        return gb18030.decode(view);
    }
    // No GB18030 codec (a Qt without ICU): keep the UTF-8 reading with replacement characters.
    setName(QStringLiteral("UTF-8"));
    return text;
}

Result<SheetData> CsvSheetReader::read(const QString& path, qint64 maxBytes)
{
    const QFileInfo info(path);
    const QString label = info.fileName().isEmpty() ? path : info.fileName();
    if (!info.exists())
        return fail(ErrorCode::Io, QStringLiteral("找不到文件 %1").arg(label));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Io, QStringLiteral("无法打开文件 %1：%2").arg(label, file.errorString()));
    if (file.size() > maxBytes)
        return fail(ErrorCode::InvalidInput, QStringLiteral("文件 %1 超过 %2 MiB 的大小上限，已拒绝")
                                                 .arg(label)
                                                 .arg(double(maxBytes) / (1024 * 1024), 0, 'g', 6));
    const QByteArray bytes = file.readAll();
    if (bytes.size() > maxBytes)
        return fail(ErrorCode::InvalidInput, QStringLiteral("文件 %1 超过 %2 MiB 的大小上限，已拒绝")
                                                 .arg(label)
                                                 .arg(double(maxBytes) / (1024 * 1024), 0, 'g', 6));
    if (file.error() != QFileDevice::NoError)
        return fail(ErrorCode::Io, QStringLiteral("读取文件 %1 失败：%2").arg(label, file.errorString()));

    const QString text = decode(bytes);
    const QChar separator = detectSeparator(text);
    const QList<QStringList> parsed = CsvParser::parse(text, separator);

    SheetData sheet;
    sheet.name = label;
    qsizetype width = 0;
    for (const QStringList& fields : parsed)
        width = qMax(width, fields.size());
    sheet.rows.reserve(parsed.size());
    for (const QStringList& fields : parsed) {
        QList<SheetCell> row;
        row.reserve(width);
        for (const QString& field : fields)
            row.append(SheetCell{SheetCell::Kind::Text, field, 0});
        row.resize(width);
        sheet.rows.append(std::move(row));
    }
    return sheet;
}

} // namespace kjzy
