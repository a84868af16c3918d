#include "TableWriter.h"
#include "core/CsvParser.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include <quazip.h>
#include <quazipfile.h>

#include <algorithm>
#include <csignal>

#include <sys/resource.h>

using namespace kjzy;
using namespace Qt::StringLiterals;

namespace {

// An independent reader: openpyxl prints what it finds as JSON. Rows first..last (1-based).
// read_only mode streams big files but knows nothing of merged ranges or column widths.
const char* const kOpenpyxlScript = R"PY(
import json, sys, openpyxl
path, first, last, read_only = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
wb = openpyxl.load_workbook(path, read_only=read_only)
ws = wb.worksheets[0]
rows = []
for row in ws.iter_rows(min_row=first, max_row=last):
    rows.append([{"t": c.data_type, "v": c.value, "fmt": getattr(c, "number_format", None)} for c in row])
out = {"sheets": wb.sheetnames, "rows": rows, "maxRow": ws.max_row, "maxColumn": ws.max_column}
if not read_only:
    out["merged"] = sorted(str(r) for r in ws.merged_cells.ranges)
    out["freeze"] = ws.freeze_panes
    out["widths"] = {k: v.width for k, v in ws.column_dimensions.items()}
print(json.dumps(out, ensure_ascii=False, default=str))
)PY";

QJsonObject readWithOpenpyxl(const QString& path, int firstRow, int lastRow, bool readOnly = false)
{
    QProcess python;
    python.setProgram(u"/usr/bin/python3"_s);
    python.setArguments({u"-c"_s, QString::fromUtf8(kOpenpyxlScript), path, QString::number(firstRow),
                         QString::number(lastRow), readOnly ? u"1"_s : u"0"_s});
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PYTHONIOENCODING"_s, u"utf-8"_s);
    python.setProcessEnvironment(env);
    python.start();
    if (!python.waitForFinished(120'000) || python.exitStatus() != QProcess::NormalExit ||
        python.exitCode() != 0) {
        qWarning().noquote() << "openpyxl failed:" << QString::fromUtf8(python.readAllStandardError());
        return {};
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(python.readAllStandardOutput(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "openpyxl output is not JSON:" << error.errorString();
    return doc.object();
}

QJsonObject cellAt(const QJsonObject& sheet, int row, int column, int firstRow = 1)
{
    return sheet.value(u"rows"_s).toArray().at(row - firstRow).toArray().at(column).toObject();
}

QByteArray zipEntry(const QString& zipPath, const QString& entry)
{
    QuaZip zip(zipPath);
    if (!zip.open(QuaZip::mdUnzip) || !zip.setCurrentFile(entry))
        return {};
    QuaZipFile file(&zip);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QStringList volunteerHeaders()
{
    return {u"序号"_s,
            u"真实姓名"_s,
            u"手机号"_s,
            u"性别"_s,
            u"身份证号"_s,
            u"政治面貌"_s,
            u"民族"_s,
            u"工作单位"_s,
            u"职称"_s,
            u"最高学历"_s,
            u"从业类别"_s,
            u"所在区域省"_s,
            u"所在区域市"_s,
            u"所在区域县"_s,
            u"服务类别"_s,
            u"服务领域\n或行业"_s,
            u"是否为基层“三长”"_s};
}

const QString kServiceCategories = u"□科技培训\n☑科技咨询\n□科普报告\n□农技服务"_s;

QStringList volunteerRow(const QString& number, const QString& name, const QString& phone, const QString& id)
{
    return {number,
            name,
            phone,
            u"男"_s,
            id,
            u"中共党员"_s,
            u"汉族"_s,
            u"郑州市金水区科学技术协会"_s,
            u"副高级"_s,
            u"大学本科"_s,
            u"教育工作者"_s,
            u"河南省"_s,
            u"郑州市"_s,
            u"金水区"_s,
            kServiceCategories,
            u"科学教育类"_s,
            u"否"_s};
}

TemplateTable volunteerTable()
{
    TemplateTable table;
    table.sheetName = u"科技志愿者集体注册信息表"_s;
    table.marker = u"附件2"_s;
    table.title = u"科技志愿者集体注册信息表"_s;
    table.headers = volunteerHeaders();
    table.numberColumns = {0};
    table.rows.append(volunteerRow(u"1"_s, u"张三"_s, u"13903710000"_s, u"41022519631130168X"_s));
    table.rows.append(volunteerRow(u"2"_s, u"李四"_s, u"13800138000"_s, u"410105195001010136"_s));
    QStringList sparse(table.headers.size());
    sparse[0] = u"3"_s;
    sparse[1] = u"欧阳娜娜"_s;
    sparse[4] = u"410105195001010136"_s;
    sparse[14] = u"第一行\r\n第二行"_s; // CRLF from a Windows clipboard
    table.rows.append(sparse);
    table.rows.append({u"4"_s, u"王五"_s}); // shorter than the header: the rest stays blank
    return table;
}

QStringList filesIn(const QString& directory)
{
    return QDir(directory).entryList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestTableWriter : public QObject
{
    Q_OBJECT

private slots:
    void xlsxLayoutReadsBackWithOpenpyxl();
    void xlsxIdAndPhoneCellsAreNeverNumbers();
    void xlsxSheetNameIsSanitized_data();
    void xlsxSheetNameIsSanitized();
    void xlsxSingleColumnTable();
    void xlsxNumberColumnKeepsNonNumericText();
    void xlsxReplacesExistingFile();
    void csvBytes();
    void csvRoundTripsThroughCsvParser();
    void badExtensionIsUsage_data();
    void badExtensionIsUsage();
    void unwritableDirectoryIsIo_data();
    void unwritableDirectoryIsIo();
    void targetIsADirectory();
    void rowWiderThanHeaderIsUsage();
    void failedWriteLeavesNoFile();
    void failedWriteKeepsPreviousFile();
    void failedWritesLeakNoFileDescriptors();
    void twentyThousandRows();
};

void TestTableWriter::xlsxLayoutReadsBackWithOpenpyxl()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"志愿者.xlsx"_s);
    const TemplateTable table = volunteerTable();
    const Status status = TableWriter::write(path, table);
    QVERIFY2(status.has_value(), qPrintable(status ? QString() : status.error().message));
    QCOMPARE(filesIn(dir.path()), QStringList{u"志愿者.xlsx"_s}); // no temporary file left behind

    const QJsonObject sheet = readWithOpenpyxl(path, 1, 7);
    QVERIFY(!sheet.isEmpty());
    QCOMPARE(sheet.value(u"sheets"_s).toArray(), QJsonArray{u"科技志愿者集体注册信息表"_s});
    QCOMPARE(sheet.value(u"maxRow"_s).toInt(), 7);
    QCOMPARE(sheet.value(u"maxColumn"_s).toInt(), 17);

    // Row 1 the marker, row 2 the title merged over the 17 header columns, row 3 the header.
    QCOMPARE(cellAt(sheet, 1, 0).value(u"v"_s).toString(), u"附件2"_s);
    QCOMPARE(cellAt(sheet, 1, 0).value(u"t"_s).toString(), u"s"_s);
    QCOMPARE(cellAt(sheet, 2, 0).value(u"v"_s).toString(), u"科技志愿者集体注册信息表"_s);
    QCOMPARE(sheet.value(u"merged"_s).toArray(), QJsonArray{u"A2:Q2"_s});
    for (int c = 0; c < table.headers.size(); ++c) {
        QCOMPARE(cellAt(sheet, 3, c).value(u"t"_s).toString(), u"s"_s);
        QCOMPARE(cellAt(sheet, 3, c).value(u"v"_s).toString(), table.headers.at(c));
    }
    QCOMPARE(sheet.value(u"freeze"_s).toString(), u"A4"_s);

    // 序号 as numbers; ID numbers and phones as text, formatted "@".
    for (int r = 4; r <= 7; ++r) {
        QCOMPARE(cellAt(sheet, r, 0).value(u"t"_s).toString(), u"n"_s);
        QCOMPARE(cellAt(sheet, r, 0).value(u"v"_s).toDouble(), double(r - 3));
    }
    const QJsonObject id1 = cellAt(sheet, 4, 4);
    QCOMPARE(id1.value(u"t"_s).toString(), u"s"_s);
    QCOMPARE(id1.value(u"v"_s).toString(), u"41022519631130168X"_s);
    QCOMPARE(id1.value(u"fmt"_s).toString(), u"@"_s);
    const QJsonObject id2 = cellAt(sheet, 5, 4);
    QCOMPARE(id2.value(u"t"_s).toString(), u"s"_s);
    QCOMPARE(id2.value(u"v"_s).toString(), u"410105195001010136"_s);
    const QJsonObject phone = cellAt(sheet, 4, 2);
    QCOMPARE(phone.value(u"t"_s).toString(), u"s"_s);
    QCOMPARE(phone.value(u"v"_s).toString(), u"13903710000"_s);
    QCOMPARE(phone.value(u"fmt"_s).toString(), u"@"_s);

    // Chinese text and line breaks intact; CRLF stored as Excel's LF.
    QCOMPARE(cellAt(sheet, 4, 1).value(u"v"_s).toString(), u"张三"_s);
    QCOMPARE(cellAt(sheet, 4, 7).value(u"v"_s).toString(), u"郑州市金水区科学技术协会"_s);
    QCOMPARE(cellAt(sheet, 4, 14).value(u"v"_s).toString(), kServiceCategories);
    QCOMPARE(cellAt(sheet, 6, 14).value(u"v"_s).toString(), u"第一行\n第二行"_s);

    // Empty strings and missing trailing cells stay empty.
    QVERIFY(cellAt(sheet, 6, 2).value(u"v"_s).isNull());
    QVERIFY(cellAt(sheet, 6, 16).value(u"v"_s).isNull());
    QVERIFY(cellAt(sheet, 7, 4).value(u"v"_s).isNull());
    QVERIFY(cellAt(sheet, 7, 16).value(u"v"_s).isNull());
    QCOMPARE(cellAt(sheet, 7, 1).value(u"v"_s).toString(), u"王五"_s);

    // The ID column is wide enough for 18 characters; the text columns default to "@".
    const QJsonObject widths = sheet.value(u"widths"_s).toObject();
    QVERIFY2(widths.value(u"E"_s).toDouble() >= 20,
             qPrintable(QString::number(widths.value(u"E"_s).toDouble())));
    QVERIFY(widths.value(u"C"_s).toDouble() >= 13);
}

void TestTableWriter::xlsxIdAndPhoneCellsAreNeverNumbers()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"ids.xlsx"_s);
    QVERIFY(TableWriter::write(path, volunteerTable()).has_value());

    const QByteArray xml = zipEntry(path, u"xl/worksheets/sheet1.xml"_s);
    QVERIFY(!xml.isEmpty());
    QXmlStreamReader reader(xml);
    int idCells = 0;
    int phoneCells = 0;
    int numberCells = 0;
    QString ref;
    QString type;
    bool hasValue = false;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == u"c"_s) {
            ref = reader.attributes().value(u"r"_s).toString();
            type = reader.attributes().value(u"t"_s).toString();
            hasValue = false;
        } else if (reader.isStartElement() && (reader.name() == u"v"_s || reader.name() == u"is"_s)) {
            hasValue = true;
        } else if (reader.isEndElement() && reader.name() == u"c"_s) {
            if (ref.mid(1).toInt() < 4 || !hasValue)
                continue;
            if (ref.startsWith(u'E') || ref.startsWith(u'C')) {
                // t="n" is the default: a value cell without t is a number too.
                QVERIFY2(type == u"s"_s || type == u"inlineStr"_s, qPrintable(ref + u" t="_s + type));
                (ref.startsWith(u'E') ? idCells : phoneCells)++;
            } else if (ref.startsWith(u'A')) {
                QVERIFY2(type.isEmpty() || type == u"n"_s, qPrintable(ref + u" t="_s + type));
                ++numberCells;
            }
        }
    }
    QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
    QCOMPARE(idCells, 3);
    QCOMPARE(phoneCells, 2);
    QCOMPARE(numberCells, 4);
    QVERIFY(!xml.contains("t=\"n\""));
}

void TestTableWriter::xlsxSheetNameIsSanitized_data()
{
    QTest::addColumn<QString>("sheetName");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("expected");
    QTest::newRow("forbidden characters")
        << u"科技[志愿]者:集体*注册?信息/表\\"_s << u"t"_s << u"科技志愿者集体注册信息表"_s;
    QTest::newRow("too long") << QString(40, u'表') << u"t"_s << QString(31, u'表');
    QTest::newRow("apostrophes") << u"'附件1'"_s << u"t"_s << u"附件1"_s;
    QTest::newRow("empty uses title")
        << QString() << u"科技志愿服务组织集体注册信息表"_s << u"科技志愿服务组织集体注册信息表"_s;
    QTest::newRow("nothing left") << u"[]:*?"_s << QString() << u"Sheet1"_s;
}

void TestTableWriter::xlsxSheetNameIsSanitized()
{
    QFETCH(QString, sheetName);
    QFETCH(QString, title);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"name.xlsx"_s);
    TemplateTable table;
    table.sheetName = sheetName;
    table.marker = u"附件1"_s;
    table.title = title;
    table.headers = {u"序号"_s, u"组织名称"_s};
    table.rows = {{u"1"_s, u"河南省科技志愿服务队"_s}};
    const Status status = TableWriter::write(path, table);
    QVERIFY2(status.has_value(), qPrintable(status ? QString() : status.error().message));
    const QJsonObject sheet = readWithOpenpyxl(path, 1, 4);
    QCOMPARE(sheet.value(u"sheets"_s).toArray(), QJsonArray{expected});
}

void TestTableWriter::xlsxSingleColumnTable()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"one.xlsx"_s);
    TemplateTable table;
    table.marker = u"附件1"_s;
    table.title = u"只有一列"_s;
    table.headers = {u"组织名称"_s};
    table.rows = {{u"甲"_s}, {QString()}, {u"乙"_s}};
    QVERIFY(TableWriter::write(path, table).has_value());
    const QJsonObject sheet = readWithOpenpyxl(path, 1, 6);
    QCOMPARE(sheet.value(u"merged"_s).toArray(), QJsonArray());
    QCOMPARE(cellAt(sheet, 2, 0).value(u"v"_s).toString(), u"只有一列"_s);
    QCOMPARE(cellAt(sheet, 4, 0).value(u"v"_s).toString(), u"甲"_s);
    QVERIFY(cellAt(sheet, 5, 0).value(u"v"_s).isNull());
    QCOMPARE(cellAt(sheet, 6, 0).value(u"v"_s).toString(), u"乙"_s);
}

void TestTableWriter::xlsxNumberColumnKeepsNonNumericText()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"mixed.xlsx"_s);
    TemplateTable table;
    table.marker = u"附件1"_s;
    table.title = u"科技志愿服务组织集体注册信息表"_s;
    table.headers = {u"序号"_s, u"组织名称"_s, u"管理员手机号"_s};
    table.numberColumns = {0};
    table.rows = {{u"1"_s, u"甲队"_s, u"13903710000"_s}, {u"合计"_s, u"2 支"_s, QString()}};
    QVERIFY(TableWriter::write(path, table).has_value());
    const QJsonObject sheet = readWithOpenpyxl(path, 1, 5);
    QCOMPARE(cellAt(sheet, 4, 0).value(u"t"_s).toString(), u"n"_s);
    QCOMPARE(cellAt(sheet, 5, 0).value(u"t"_s).toString(), u"s"_s);
    QCOMPARE(cellAt(sheet, 5, 0).value(u"v"_s).toString(), u"合计"_s);
    QCOMPARE(cellAt(sheet, 4, 2).value(u"t"_s).toString(), u"s"_s);
    QCOMPARE(sheet.value(u"merged"_s).toArray(), QJsonArray{u"A2:C2"_s});
}

void TestTableWriter::xlsxReplacesExistingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"again.xlsx"_s);
    QVERIFY(writeBytes(path, "old content"));
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner));
    QVERIFY(TableWriter::write(path, volunteerTable()).has_value());
    QVERIFY(readAll(path).startsWith("PK"));
    QCOMPARE(QFile::permissions(path),
             QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser);
    QCOMPARE(filesIn(dir.path()), QStringList{u"again.xlsx"_s});
}

void TestTableWriter::csvBytes()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"组织.csv"_s);
    TemplateTable table;
    table.marker = u"附件1"_s;
    table.title = u"科技志愿服务组织集体注册信息表"_s;
    table.headers = {u"序号"_s, u"组织名称"_s, u"管理员手机号"_s};
    table.numberColumns = {0};
    table.rows = {{u"1"_s, u"甲,乙队"_s, u"13903710000"_s}, {u"2"_s, u"“丙”\"丁\""_s}};
    QVERIFY(TableWriter::write(path, table).has_value());
    const QByteArray expected = "\xEF\xBB\xBF"
                                "附件1\r\n"
                                "科技志愿服务组织集体注册信息表\r\n"
                                "序号,组织名称,管理员手机号\r\n"
                                "1,\"甲,乙队\",13903710000\r\n"
                                "2,\"“丙”\"\"丁\"\"\",\r\n";
    QCOMPARE(readAll(path), expected);
    QCOMPARE(filesIn(dir.path()), QStringList{u"组织.csv"_s});
}

void TestTableWriter::csvRoundTripsThroughCsvParser()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"志愿者.csv"_s);
    TemplateTable table = volunteerTable();
    table.rows[1][7] = u"郑州市\"金水\"区, 科协"_s;
    table.rows[1][1] = u" 前后空格 "_s;
    QVERIFY(TableWriter::write(path, table).has_value());

    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    QVERIFY(bytes.endsWith("\r\n"));
    const QString text = QString::fromUtf8(bytes.mid(3));
    const QList<QStringList> parsed = CsvParser::parse(text);

    QList<QStringList> expected = {{table.marker}, {table.title}, table.headers};
    for (QStringList row : table.rows) {
        while (row.size() < table.headers.size())
            row.append(QString());
        expected.append(row);
    }
    QCOMPARE(parsed.size(), expected.size());
    for (qsizetype r = 0; r < expected.size(); ++r)
        QCOMPARE(parsed.at(r), expected.at(r));

    // Every line break outside a quoted field is CRLF.
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'"')
            quoted = !quoted;
        else if (!quoted && text.at(i) == u'\n')
            QVERIFY2(i > 0 && text.at(i - 1) == u'\r', qPrintable(QString::number(i)));
    }
}

void TestTableWriter::badExtensionIsUsage_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("xls") << u"old.xls"_s;
    QTest::newRow("txt") << u"list.txt"_s;
    QTest::newRow("none") << u"noextension"_s;
    QTest::newRow("xlsx.bak") << u"a.xlsx.bak"_s;
}

void TestTableWriter::badExtensionIsUsage()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    const Status status = TableWriter::write(dir.filePath(name), volunteerTable());
    QVERIFY(!status.has_value());
    QCOMPARE(status.error().code, ErrorCode::Usage);
    QVERIFY2(status.error().message.contains(u"只能导出 .xlsx 或 .csv 文件"_s),
             qPrintable(status.error().message));
    QVERIFY(filesIn(dir.path()).isEmpty());
}

void TestTableWriter::unwritableDirectoryIsIo_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("xlsx under /proc") << u"/proc/nope/x.xlsx"_s;
    QTest::newRow("csv under /proc") << u"/proc/nope/x.csv"_s;
    QTest::newRow("xlsx in a missing directory") << u"/nonexistent-kjzy-dir/x.xlsx"_s;
}

void TestTableWriter::unwritableDirectoryIsIo()
{
    QFETCH(QString, path);
    const Status status = TableWriter::write(path, volunteerTable());
    QVERIFY(!status.has_value());
    QCOMPARE(status.error().code, ErrorCode::Io);
    QVERIFY2(status.error().message.contains(path), qPrintable(status.error().message));
    QVERIFY(!QFileInfo::exists(path));
}

void TestTableWriter::targetIsADirectory()
{
    QTemporaryDir dir;
    for (const QString& name : {u"folder.xlsx"_s, u"folder.csv"_s}) {
        const QString path = dir.filePath(name);
        QVERIFY(QDir().mkpath(path));
        const Status status = TableWriter::write(path, volunteerTable());
        QVERIFY(!status.has_value());
        QCOMPARE(status.error().code, ErrorCode::Io);
        QVERIFY(QFileInfo(path).isDir());
    }
    QVERIFY(filesIn(dir.path()).isEmpty());
}

void TestTableWriter::rowWiderThanHeaderIsUsage()
{
    QTemporaryDir dir;
    TemplateTable table = volunteerTable();
    table.rows[2].append(u"多出来的"_s);
    const Status status = TableWriter::write(dir.filePath(u"wide.xlsx"_s), table);
    QVERIFY(!status.has_value());
    QCOMPARE(status.error().code, ErrorCode::Usage);
    QVERIFY(filesIn(dir.path()).isEmpty());
}

void TestTableWriter::failedWriteLeavesNoFile()
{
    // 40,000 characters break Excel's 32,767-character cell limit half-way through the rows.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"toolong.xlsx"_s);
    TemplateTable table = volunteerTable();
    table.rows[2][7] = QString(40'000, u'长');
    const Status status = TableWriter::write(path, table);
    QVERIFY(!status.has_value());
    QCOMPARE(status.error().code, ErrorCode::InvalidInput);
    QVERIFY2(status.error().message.contains(path), qPrintable(status.error().message));
    QVERIFY2(status.error().message.contains(u"第 6 行"_s), qPrintable(status.error().message));
    QVERIFY2(status.error().message.contains(u"工作单位"_s), qPrintable(status.error().message));
    QVERIFY(!status.error().message.contains(u"长长"_s)); // never the cell content
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(filesIn(dir.path()).isEmpty());
}

void TestTableWriter::failedWriteKeepsPreviousFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"keep.xlsx"_s);
    QVERIFY(TableWriter::write(path, volunteerTable()).has_value());
    const QByteArray before = readAll(path);
    TemplateTable table = volunteerTable();
    table.rows[0][1] = QString(40'000, u'长');
    QVERIFY(!TableWriter::write(path, table).has_value());
    QCOMPARE(readAll(path), before);
    QCOMPARE(filesIn(dir.path()), QStringList{u"keep.xlsx"_s});
}

void TestTableWriter::failedWritesLeakNoFileDescriptors()
{
    // Failed writes close whatever they opened: a cell over Excel's limit (found before writing), and
    // a write that fails half-way through the sheet (a file size limit here, as a full disk would).
    auto openFiles = [] {
        return QDir(u"/proc/self/fd"_s)
            .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot)
            .size();
    };
    QTemporaryDir dir;
    TemplateTable table = volunteerTable();
    table.rows[1][7] = QString(40'000, u'长');
    QVERIFY(!TableWriter::write(dir.filePath(u"warmup.xlsx"_s), table).has_value());
    const qsizetype before = openFiles();
    for (int i = 0; i < 5; ++i)
        QVERIFY(!TableWriter::write(dir.filePath(u"leak.xlsx"_s), table).has_value());
    QCOMPARE(openFiles(), before);
    QVERIFY(filesIn(dir.path()).isEmpty());

    TemplateTable big = volunteerTable(); // about 150 KB compressed: past the limit set below
    for (int i = 0; i < 2'000; ++i)
        big.rows.append(volunteerRow(QString::number(i + 5), u"志愿者%1"_s.arg(i),
                                     u"139%1"_s.arg(i, 8, 10, QChar(u'0')),
                                     u"410105195001%1"_s.arg(i, 6, 10, QChar(u'0'))));
    rlimit saved{};
    QVERIFY(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
    rlimit limited = saved;
    limited.rlim_cur = std::min<rlim_t>(64 * 1024, saved.rlim_max);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN); // else the signal ends the process
    QList<Status> results;
    if (::setrlimit(RLIMIT_FSIZE, &limited) == 0) {
        for (int i = 0; i < 3; ++i)
            results.append(TableWriter::write(dir.filePath(u"full.xlsx"_s), big));
        ::setrlimit(RLIMIT_FSIZE, &saved);
    }
    std::signal(SIGXFSZ, previousHandler);
    QCOMPARE(results.size(), 3);
    for (const Status& status : std::as_const(results)) {
        QVERIFY(!status.has_value());
        QCOMPARE(status.error().code, ErrorCode::Io);
        QVERIFY2(status.error().message.contains(u"full.xlsx"_s), qPrintable(status.error().message));
    }
    QCOMPARE(openFiles(), before);
    QVERIFY(filesIn(dir.path()).isEmpty());
}

void TestTableWriter::twentyThousandRows()
{
    constexpr int kRows = 20'000;
    TemplateTable table = volunteerTable();
    table.rows.clear();
    table.rows.reserve(kRows);
    for (int i = 0; i < kRows; ++i) {
        table.rows.append(volunteerRow(QString::number(i + 1), u"志愿者%1"_s.arg(i),
                                       u"139%1"_s.arg(i, 8, 10, QChar(u'0')),
                                       u"410105195001%1"_s.arg(i, 6, 10, QChar(u'0'))));
    }
    QTemporaryDir dir;

    QElapsedTimer timer;
    timer.start();
    const QString xlsx = dir.filePath(u"big.xlsx"_s);
    const Status xlsxStatus = TableWriter::write(xlsx, table);
    QVERIFY2(xlsxStatus.has_value(), qPrintable(xlsxStatus ? QString() : xlsxStatus.error().message));
    qDebug() << "20,000 rows to .xlsx:" << timer.elapsed() << "ms," << QFileInfo(xlsx).size() << "bytes";

    timer.restart();
    const QString csv = dir.filePath(u"big.csv"_s);
    QVERIFY(TableWriter::write(csv, table).has_value());
    qDebug() << "20,000 rows to .csv:" << timer.elapsed() << "ms," << QFileInfo(csv).size() << "bytes";

    const int lastRow = kRows + 3;
    const QJsonObject sheet = readWithOpenpyxl(xlsx, lastRow, lastRow, true);
    QCOMPARE(sheet.value(u"maxRow"_s).toInt(), lastRow);
    QCOMPARE(cellAt(sheet, lastRow, 0, lastRow).value(u"v"_s).toDouble(), double(kRows));
    QCOMPARE(cellAt(sheet, lastRow, 4, lastRow).value(u"t"_s).toString(), u"s"_s);
    QCOMPARE(cellAt(sheet, lastRow, 4, lastRow).value(u"v"_s).toString(), u"410105195001019999"_s);
    QCOMPARE(cellAt(sheet, lastRow, 14, lastRow).value(u"v"_s).toString(), kServiceCategories);
    QCOMPARE(CsvParser::parse(QString::fromUtf8(readAll(csv).mid(3))).size(), kRows + 3);
}

QTEST_GUILESS_MAIN(TestTableWriter)
#include "TestTableWriter.moc"
