#include "CellValueFormat.h"
#include "NumberFormatTable.h"
#include "XlsxReader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <ctime>
#include <limits>

#include <quazip.h>
#include <quazipfile.h>
#include <quazipnewinfo.h>

using namespace kjzy;
using namespace Qt::StringLiterals;

// QVERIFY2 evaluates its message even on success: only touch error() when there is one.
#define VERIFY_OK(result)                                                                                    \
    QVERIFY2((result).has_value(), (result).has_value() ? "" : qPrintable((result).error().message))

namespace {

using Kind = SheetCell::Kind;

const QByteArray kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const QByteArray kRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const QByteArray kPkgRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";

QString fixture(const QString& name)
{
    return QStringLiteral(KJZY_TEST_DATA_DIR "/fixtures/") + name;
}

struct ZipEntry
{
    QString name;
    QByteArray data;
};

// Writes `entries` as a deflated zip with QuaZip.
bool writeZip(const QString& path, const QList<ZipEntry>& entries)
{
    QuaZip zip(path);
    if (!zip.open(QuaZip::mdCreate))
        return false;
    for (const ZipEntry& entry : entries) {
        QuaZipFile file(&zip);
        if (!file.open(QIODevice::WriteOnly, QuaZipNewInfo(entry.name)))
            return false;
        if (file.write(entry.data) != entry.data.size())
            return false;
        file.close();
        if (file.getZipError() != UNZ_OK)
            return false;
    }
    zip.close();
    return zip.getZipError() == UNZ_OK;
}

QByteArray worksheet(const QByteArray& sheetData)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"" + kMainNs +
           "\"><dimension ref=\"A1\"/><sheetData>" + sheetData + "</sheetData></worksheet>";
}

QByteArray sharedStrings(const QByteArray& items, int count)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"" + kMainNs +
           "\" count=\"" + QByteArray::number(count) + "\" uniqueCount=\"" + QByteArray::number(count) +
           "\">" + items + "</sst>";
}

// cellXfs: 0 General, 1 built-in 14 (m/d/yyyy), 2 custom 176 "yyyy年m月d日", 3 built-in 22 (date and
// time), 4 built-in 49 (text), 5 custom 177 "0.00", 6 custom 178 [h]:mm.
QByteArray standardStyles()
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<styleSheet xmlns=\"" + kMainNs +
           "\"><numFmts count=\"3\"><numFmt numFmtId=\"176\" "
           "formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
           "<numFmt numFmtId=\"177\" formatCode=\"0.00\"/><numFmt numFmtId=\"178\" "
           "formatCode=\"[h]:mm\"/></numFmts>"
           "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
           "<cellXfs count=\"7\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
           "<xf numFmtId=\"176\"/><xf numFmtId=\"22\"/><xf numFmtId=\"49\"/><xf numFmtId=\"177\"/>"
           "<xf numFmtId=\"178\"/></cellXfs></styleSheet>";
}

struct Workbook
{
    QList<QPair<QString, QByteArray>> sheets; // name, worksheet part
    QByteArray sharedStrings;                 // none when empty
    QByteArray styles;                        // none when empty
    bool date1904 = false;
    QList<ZipEntry> extra;
};

QList<ZipEntry> workbookEntries(const Workbook& book)
{
    QByteArray sheetList;
    QByteArray relationships;
    QByteArray contentTypes = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
                              "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">";
    QList<ZipEntry> entries;
    for (qsizetype i = 0; i < book.sheets.size(); ++i) {
        const QByteArray n = QByteArray::number(i + 1);
        sheetList += "<sheet name=\"" + book.sheets[i].first.toUtf8() + "\" sheetId=\"" + n +
                     "\" r:id=\"rId" + n + "\"/>";
        relationships += "<Relationship Id=\"rId" + n + "\" Type=\"" + kRelNs +
                         "/worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
        entries.append({u"xl/worksheets/sheet%1.xml"_s.arg(i + 1), book.sheets[i].second});
    }
    if (!book.sharedStrings.isEmpty()) {
        relationships +=
            "<Relationship Id=\"rIdS\" Type=\"" + kRelNs + "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
        entries.append({u"xl/sharedStrings.xml"_s, book.sharedStrings});
    }
    if (!book.styles.isEmpty()) {
        relationships += "<Relationship Id=\"rIdT\" Type=\"" + kRelNs + "/styles\" Target=\"styles.xml\"/>";
        entries.append({u"xl/styles.xml"_s, book.styles});
    }
    contentTypes += "</Types>";
    const QByteArray workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + kMainNs +
                                "\" xmlns:r=\"" + kRelNs + "\"><workbookPr" +
                                (book.date1904 ? " date1904=\"1\"" : "") + "/><sheets>" + sheetList +
                                "</sheets></workbook>";
    QList<ZipEntry> all{
        {u"[Content_Types].xml"_s, contentTypes},
        {u"_rels/.rels"_s, "<?xml version=\"1.0\"?><Relationships xmlns=\"" + kPkgRelNs +
                               "\"><Relationship Id=\"rId1\" Type=\"" + kRelNs +
                               "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {u"xl/workbook.xml"_s, workbook},
        {u"xl/_rels/workbook.xml.rels"_s, "<?xml version=\"1.0\"?><Relationships xmlns=\"" + kPkgRelNs +
                                              "\">" + relationships + "</Relationships>"},
    };
    all += entries;
    all += book.extra;
    return all;
}

QString fileNameOf(const QString& path)
{
    return QFileInfo(path).fileName();
}

const SheetCell& cellAt(const SheetData& sheet, int row, int column)
{
    static const SheetCell empty;
    if (row < 1 || row > sheet.rows.size() || column < 1 || column > sheet.rows[row - 1].size())
        return empty;
    return sheet.rows[row - 1][column - 1];
}

bool allRowsWidth(const SheetData& sheet, qsizetype width)
{
    return std::all_of(sheet.rows.cbegin(), sheet.rows.cend(),
                       [width](const QList<SheetCell>& row) { return row.size() == width; });
}

// Independent reading of a workbook's first sheet by openpyxl (read-only mode), values only.
QJsonArray readWithOpenpyxl(const QString& path, bool* available)
{
    static const char* const script = R"PY(
import datetime, json, sys
try:
    import openpyxl
except ImportError:
    print("NO_OPENPYXL"); sys.exit(0)
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
rows = []
for row in wb.worksheets[0].iter_rows(values_only=True):
    out = []
    for v in row:
        if isinstance(v, datetime.datetime):
            text = v.isoformat()
            out.append(["date", text[:-9] if text.endswith("T00:00:00") else text])
        else:
            out.append(None if v is None else [type(v).__name__, v])
    rows.append(out)
print(json.dumps(rows, ensure_ascii=False, default=str))
)PY";
    *available = false;
    if (!QFileInfo::exists(u"/usr/bin/python3"_s))
        return {};
    QProcess python;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PYTHONIOENCODING"_s, u"utf-8"_s);
    python.setProcessEnvironment(env);
    python.start(u"/usr/bin/python3"_s, {u"-c"_s, QString::fromUtf8(script), path});
    if (!python.waitForFinished(120'000) || python.exitCode() != 0)
        return {};
    const QByteArray out = python.readAllStandardOutput();
    if (out.startsWith("NO_OPENPYXL"))
        return {};
    *available = true;
    return QJsonDocument::fromJson(out).array();
}

} // namespace

class TestXlsxReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    // The fixtures: what units send back.
    void volunteersSample();
    void organizationsInlineStrings();
    void clean10000();
    void openpyxlAgrees_data();
    void openpyxlAgrees();

    // Workbooks built here.
    void richTextSharedStrings();
    void cellKinds();
    void dates();
    void date1904();
    void sparseRows();
    void sheetsInWorkbookOrder();
    void absoluteAndOddTargets();

    // Helpers' rules.
    void numberText_data();
    void numberText();
    void serialToIso_data();
    void serialToIso();
    void cellReferences_data();
    void cellReferences();
    void dateFormatCodes_data();
    void dateFormatCodes();

    // Refusals.
    void dtdRefused();
    void billionLaughsRefused();
    void zipBombRefused();
    void inflationCountedOverAllEntries();
    void tooManyEntries();
    void tooManySharedStrings();
    void overLongCell();
    void overLongSharedString();
    void tooManyRows();
    void tooManyColumns();
    void farApartCellsRefused();
    void truncatedFile();
    void corruptEntry();
    void notAZip();
    void missingFile();
    void malformedXml();
    void missingWorkbookPart();
    void badCellReference();
    void danglingSharedStringIndex();

private:
    QString build(const QString& fileName, const Workbook& book);
    void expectRefused(const Result<QList<SheetData>>& result, ErrorCode code, const QString& path,
                       const QStringList& mentions);

    QTemporaryDir m_dir;
};

void TestXlsxReader::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestXlsxReader::build(const QString& fileName, const Workbook& book)
{
    const QString path = m_dir.filePath(fileName);
    QFile::remove(path);
    if (!writeZip(path, workbookEntries(book)))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestXlsxReader::expectRefused(const Result<QList<SheetData>>& result, ErrorCode code,
                                   const QString& path, const QStringList& mentions)
{
    QVERIFY2(!result.has_value(), qPrintable(path));
    QCOMPARE(errorCodeName(result.error().code), errorCodeName(code));
    const QString& message = result.error().message;
    QVERIFY2(message.contains(fileNameOf(path)), qPrintable(message));
    for (const QString& mention : mentions)
        QVERIFY2(message.contains(mention), qPrintable(message + u" / expected: "_s + mention));
}

// ---------------------------------------------------------------------------------------------

void TestXlsxReader::volunteersSample()
{
    const auto result = XlsxReader::read(fixture(u"volunteers-sample.xlsx"_s));
    VERIFY_OK(result);
    QCOMPARE(result->size(), 1);
    const SheetData& sheet = result->first();
    QCOMPARE(sheet.name, u"Sheet1"_s);
    QCOMPARE(sheet.rows.size(), 313);
    QVERIFY(allRowsWidth(sheet, 17));

    QCOMPARE(cellAt(sheet, 1, 1).text, u"附件2"_s);
    // The title sits in A2; the rest of its merged range A2:Q2 is empty.
    QCOMPARE(cellAt(sheet, 2, 1).text, u"科技志愿者集体注册信息表"_s);
    QCOMPARE(cellAt(sheet, 2, 2).kind, Kind::Empty);
    QVERIFY(cellAt(sheet, 2, 17).isEmpty());

    // The 附件2 header row, line breaks and all.
    QCOMPARE(cellAt(sheet, 3, 1).text, u"序号"_s);
    QCOMPARE(cellAt(sheet, 3, 5).text, u"身份证号"_s);
    QCOMPARE(cellAt(sheet, 3, 16).text, u"服务领域\n或行业"_s);
    QCOMPARE(cellAt(sheet, 3, 17).text, u"是否\n\n为基层\n\n“三长”"_s);

    // First person: 序号 a number, the ID number and phone as text, the check-box cells.
    QCOMPARE(cellAt(sheet, 4, 1).kind, Kind::Number);
    QCOMPARE(cellAt(sheet, 4, 1).text, u"1"_s);
    QCOMPARE(cellAt(sheet, 4, 1).number, 1.0);
    QCOMPARE(cellAt(sheet, 4, 2).text, u"罗磊"_s);
    QCOMPARE(cellAt(sheet, 4, 3).kind, Kind::Text);
    QCOMPARE(cellAt(sheet, 4, 3).text, u"19546636166"_s);
    QCOMPARE(cellAt(sheet, 4, 5).text, u"411282195508240001"_s);
    const QString categories = cellAt(sheet, 4, 15).text;
    QVERIFY2(categories.startsWith(u"□科技培训\n□科技咨询\n☑科普报告\n"_s), qPrintable(categories));
    QVERIFY(cellAt(sheet, 4, 16).text.contains(u'\n'));

    // The untouched template rows keep 序号 and 河南省 only; the last row is the 填报说明 line.
    QCOMPARE(cellAt(sheet, 310, 1).text, u"302"_s);
    QVERIFY(cellAt(sheet, 310, 2).isEmpty());
    QCOMPARE(cellAt(sheet, 310, 12).text, u"河南省"_s);
    QVERIFY2(cellAt(sheet, 313, 1).text.startsWith(u"填报说明"_s), qPrintable(cellAt(sheet, 313, 1).text));
    QVERIFY(cellAt(sheet, 313, 2).isEmpty());
}

void TestXlsxReader::organizationsInlineStrings()
{
    const auto result = XlsxReader::read(fixture(u"organizations-sample.xlsx"_s));
    VERIFY_OK(result);
    QCOMPARE(result->size(), 1);
    const SheetData& sheet = result->first();
    QCOMPARE(sheet.rows.size(), 73);
    QVERIFY(allRowsWidth(sheet, 11));
    QCOMPARE(cellAt(sheet, 1, 1).text, u"附件1"_s);
    QCOMPARE(cellAt(sheet, 2, 1).text, u"科技志愿服务组织集体注册信息表"_s);
    QCOMPARE(cellAt(sheet, 3, 2).text, u"组织名称"_s);
    QCOMPARE(cellAt(sheet, 3, 6).text, u"主管\n单位"_s);
    QCOMPARE(cellAt(sheet, 3, 11).text,
             u"所在\n\n区域县\n"_s); // xml:space="preserve" keeps the trailing break
    QCOMPARE(cellAt(sheet, 4, 1).kind, Kind::Number);
    QCOMPARE(cellAt(sheet, 4, 2).kind, Kind::Text);
    QCOMPARE(cellAt(sheet, 4, 2).text, u"邓州市志愿者服务队"_s);
    QCOMPARE(cellAt(sheet, 4, 3).text, u"13239003129"_s);
    // 成立日期: mostly typed text, one a real date (custom format yyyy-mm-dd).
    QCOMPARE(cellAt(sheet, 4, 7).kind, Kind::Text);
    QCOMPARE(cellAt(sheet, 4, 7).text, u"2016/05/14"_s);
    QCOMPARE(cellAt(sheet, 5, 7).kind, Kind::Date);
    QCOMPARE(cellAt(sheet, 5, 7).text, u"2017-10-16"_s);
    QCOMPARE(cellAt(sheet, 5, 7).number, 43024.0);
}

void TestXlsxReader::clean10000()
{
    // Timing for the record (best of three, wall clock and process CPU); no assertion, as a busy
    // machine must not fail the suite.
    const QString path = fixture(u"volunteers-clean-10000.xlsx"_s);
    Result<QList<SheetData>> result;
    qint64 bestWall = std::numeric_limits<qint64>::max();
    qint64 bestCpu = std::numeric_limits<qint64>::max();
    for (int run = 0; run < 3; ++run) {
        result = Result<QList<SheetData>>(); // free the previous read outside the timing
        QElapsedTimer timer;
        timer.start();
        const std::clock_t cpuStart = std::clock();
        result = XlsxReader::read(path);
        bestCpu = qMin(bestCpu, qint64((std::clock() - cpuStart) * 1000 / CLOCKS_PER_SEC));
        bestWall = qMin(bestWall, timer.elapsed());
    }
    VERIFY_OK(result);
    qDebug("volunteers-clean-10000.xlsx read in %lld ms (CPU %lld ms), best of 3",
           static_cast<long long>(bestWall), static_cast<long long>(bestCpu));
    const SheetData& sheet = result->first();
    QCOMPARE(sheet.rows.size(), 10'003);
    QVERIFY(allRowsWidth(sheet, 17));
    QCOMPARE(cellAt(sheet, 3, 2).text, u"真实姓名"_s);
    int people = 0;
    for (int row = 4; row <= sheet.rows.size(); ++row) {
        if (cellAt(sheet, row, 1).kind == Kind::Number && !cellAt(sheet, row, 2).isEmpty() &&
            cellAt(sheet, row, 5).text.size() == 18)
            ++people;
    }
    QCOMPARE(people, 10'000);
    QCOMPARE(cellAt(sheet, 10'003, 1).text, u"10000"_s);
}

void TestXlsxReader::openpyxlAgrees_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("shared strings") << u"volunteers-sample.xlsx"_s;
    QTest::newRow("inline strings") << u"organizations-sample.xlsx"_s;
}

void TestXlsxReader::openpyxlAgrees()
{
    QFETCH(QString, file);
    bool available = false;
    const QJsonArray expected = readWithOpenpyxl(fixture(file), &available);
    if (!available)
        QSKIP("python3-openpyxl is not available");
    const auto result = XlsxReader::read(fixture(file));
    VERIFY_OK(result);
    const SheetData& sheet = result->first();
    QCOMPARE(sheet.rows.size(), expected.size());
    int compared = 0;
    for (int r = 0; r < expected.size(); ++r) {
        const QJsonArray row = expected[r].toArray();
        for (int c = 0; c < row.size(); ++c) {
            const SheetCell& cell = cellAt(sheet, r + 1, c + 1);
            const QString where = CellValueFormat::referenceName(r + 1, c + 1);
            if (row[c].isNull()) {
                QVERIFY2(cell.isEmpty(), qPrintable(where));
                continue;
            }
            const QString type = row[c].toArray()[0].toString();
            const QJsonValue value = row[c].toArray()[1];
            if (type == u"str") {
                QCOMPARE(cell.kind, Kind::Text);
                QCOMPARE(cell.text, value.toString());
            } else if (type == u"date") {
                QCOMPARE(cell.kind, Kind::Date);
                QCOMPARE(cell.text, value.toString());
            } else if (type == u"int" || type == u"float") {
                QCOMPARE(cell.kind, Kind::Number);
                QCOMPARE(cell.number, value.toDouble());
            } else {
                QFAIL(qPrintable(where + u": unexpected type "_s + type));
            }
            ++compared;
        }
    }
    QVERIFY(compared > 500);
}

// ---------------------------------------------------------------------------------------------

void TestXlsxReader::richTextSharedStrings()
{
    Workbook book;
    book.sharedStrings = sharedStrings(
        // rich text: runs joined, formatting and the phonetic run ignored, spaces kept
        "<si><r><rPr><b/><sz val=\"11\"/></rPr><t>张</t></r><r><t xml:space=\"preserve\"> 三 </t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>zhang</t></rPh><phoneticPr fontId=\"1\"/></si>"
        // plain text with a line break, Excel's _x000D_ escape and leading/trailing spaces
        "<si><t xml:space=\"preserve\">  第一行_x000D_\n第二行  </t></si>"
        "<si><t/></si>"
        "<si><t>☑科普报告\n□网络科普</t></si>",
        4);
    book.sheets.append(
        {u"Sheet1"_s,
         worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                   "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>")});
    const QString path = build(u"rich.xlsx"_s, book);
    const auto result = XlsxReader::read(path);
    VERIFY_OK(result);
    const SheetData& sheet = result->first();
    QCOMPARE(cellAt(sheet, 1, 1).kind, Kind::Text);
    QCOMPARE(cellAt(sheet, 1, 1).text, u"张 三 "_s);
    QCOMPARE(cellAt(sheet, 1, 2).text, u"  第一行\r\n第二行  "_s);
    QVERIFY(cellAt(sheet, 1, 3).isEmpty());
    QCOMPARE(cellAt(sheet, 1, 4).text, u"☑科普报告\n□网络科普"_s);
    QCOMPARE(sheet.rows.first().size(), 4);
}

void TestXlsxReader::cellKinds()
{
    Workbook book;
    book.styles = standardStyles();
    book.sheets.append(
        {u"类型"_s,
         worksheet(
             "<row r=\"1\">"
             "<c r=\"A1\" t=\"inlineStr\"><is><t>内联</t></is></c>"
             "<c r=\"B1\" t=\"inlineStr\"><is><r><t>河南</t></r><r><rPr><i/></rPr><t>省</t></r></is></c>"
             "<c r=\"C1\" t=\"b\"><v>1</v></c>"
             "<c r=\"D1\" t=\"b\"><v>0</v></c>"
             "<c r=\"E1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
             "<c r=\"F1\" t=\"e\"><v>#N/A</v></c>"
             "<c r=\"G1\" t=\"str\"><f>A1&amp;\"x\"</f><v>内联x</v></c>"
             "<c r=\"H1\"><v>1.5</v></c>"
             "<c r=\"I1\" t=\"n\"><v>13903710000</v></c>"
             "<c r=\"J1\"><v>4.10105195001E+17</v></c>"
             "<c r=\"K1\" s=\"4\"><v>410105195001000000</v></c>"
             "<c r=\"L1\" s=\"5\"><v>0.1</v></c>"
             "<c r=\"M1\"><v>-42</v></c>"
             "<c r=\"N1\"><f>SUM(H1:I1)</f><v>13903710001.5</v></c>"
             "<c r=\"O1\"><f>NOW()</f></c>"
             "</row>")});
    const QString path = build(u"kinds.xlsx"_s, book);
    const auto result = XlsxReader::read(path);
    VERIFY_OK(result);
    const SheetData& sheet = result->first();
    QCOMPARE(sheet.name, u"类型"_s);
    QCOMPARE(sheet.rows.size(), 1);
    QCOMPARE(sheet.rows.first().size(), 14); // O1 has a formula but no value

    QCOMPARE(cellAt(sheet, 1, 1).kind, Kind::Text);
    QCOMPARE(cellAt(sheet, 1, 1).text, u"内联"_s);
    QCOMPARE(cellAt(sheet, 1, 2).text, u"河南省"_s);
    QCOMPARE(cellAt(sheet, 1, 3).kind, Kind::Boolean);
    QCOMPARE(cellAt(sheet, 1, 3).text, u"TRUE"_s);
    QCOMPARE(cellAt(sheet, 1, 4).kind, Kind::Boolean);
    QCOMPARE(cellAt(sheet, 1, 4).text, u"FALSE"_s);
    QCOMPARE(cellAt(sheet, 1, 5).kind, Kind::Error);
    QCOMPARE(cellAt(sheet, 1, 5).text, u"#DIV/0!"_s);
    QCOMPARE(cellAt(sheet, 1, 6).text, u"#N/A"_s);
    QCOMPARE(cellAt(sheet, 1, 7).kind, Kind::Text);
    QCOMPARE(cellAt(sheet, 1, 7).text, u"内联x"_s);
    QCOMPARE(cellAt(sheet, 1, 8).kind, Kind::Number);
    QCOMPARE(cellAt(sheet, 1, 8).text, u"1.5"_s);
    QCOMPARE(cellAt(sheet, 1, 8).number, 1.5);
    QCOMPARE(cellAt(sheet, 1, 9).text, u"13903710000"_s);
    // An 18-digit ID number typed as a number: its last digits are gone; the text says so.
    QCOMPARE(cellAt(sheet, 1, 10).kind, Kind::Number);
    QCOMPARE(cellAt(sheet, 1, 10).text, u"4.10105195001E+17"_s);
    QCOMPARE(cellAt(sheet, 1, 11).kind, Kind::Number); // text format 49 does not make it a date
    QCOMPARE(cellAt(sheet, 1, 11).text, u"4.10105195001E+17"_s);
    QCOMPARE(cellAt(sheet, 1, 12).kind, Kind::Number); // "0.00" is no date format
    QCOMPARE(cellAt(sheet, 1, 12).text, u"0.1"_s);
    QCOMPARE(cellAt(sheet, 1, 13).text, u"-42"_s);
    QCOMPARE(cellAt(sheet, 1, 14).text, u"13903710001.5"_s);
}

void TestXlsxReader::dates()
{
    Workbook book;
    book.styles = standardStyles();
    book.sheets.append(
        {u"Sheet1"_s, worksheet("<row r=\"1\">"
                                "<c r=\"A1\" s=\"1\"><v>44317</v></c>"              // built-in 14
                                "<c r=\"B1\" s=\"2\"><v>44317</v></c>"              // yyyy年m月d日
                                "<c r=\"C1\" s=\"3\"><v>44317.354166666664</v></c>" // built-in 22
                                "<c r=\"D1\" s=\"1\"><v>1</v></c>"
                                "<c r=\"E1\" s=\"1\"><v>61</v></c>"
                                "<c r=\"F1\" s=\"6\"><v>0.5</v></c>" // [h]:mm
                                "<c r=\"G1\" t=\"d\"><v>2021-05-01T00:00:00</v></c>"
                                "<c r=\"H1\" s=\"1\"><v>-1</v></c>"    // not showable
                                "<c r=\"I1\" s=\"0\"><v>44317</v></c>" // General
                                "</row>")});
    const QString path = build(u"dates.xlsx"_s, book);
    const auto result = XlsxReader::read(path);
    VERIFY_OK(result);
    const SheetData& sheet = result->first();
    QCOMPARE(cellAt(sheet, 1, 1).kind, Kind::Date);
    QCOMPARE(cellAt(sheet, 1, 1).text, u"2021-05-01"_s);
    QCOMPARE(cellAt(sheet, 1, 1).number, 44317.0);
    QCOMPARE(cellAt(sheet, 1, 2).kind, Kind::Date);
    QCOMPARE(cellAt(sheet, 1, 2).text, u"2021-05-01"_s);
    QCOMPARE(cellAt(sheet, 1, 3).kind, Kind::Date);
    QCOMPARE(cellAt(sheet, 1, 3).text, u"2021-05-01T08:30:00"_s);
    QCOMPARE(cellAt(sheet, 1, 4).text, u"1900-01-01"_s);
    QCOMPARE(cellAt(sheet, 1, 5).text, u"1900-03-01"_s);
    QCOMPARE(cellAt(sheet, 1, 6).kind, Kind::Date);
    QCOMPARE(cellAt(sheet, 1, 6).text, u"12:00:00"_s);
    QCOMPARE(cellAt(sheet, 1, 7).kind, Kind::Date);
    QCOMPARE(cellAt(sheet, 1, 7).text, u"2021-05-01"_s);
    QCOMPARE(cellAt(sheet, 1, 7).number, 44317.0);
    QCOMPARE(cellAt(sheet, 1, 8).kind, Kind::Number);
    QCOMPARE(cellAt(sheet, 1, 8).text, u"-1"_s);
    QCOMPARE(cellAt(sheet, 1, 9).kind, Kind::Number);
    QCOMPARE(cellAt(sheet, 1, 9).text, u"44317"_s);
}

void TestXlsxReader::date1904()
{
    Workbook book;
    book.styles = standardStyles();
    book.date1904 = true;
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c>"
                                               "<c r=\"B1\" s=\"1\"><v>42855</v></c></row>")});
    const auto result = XlsxReader::read(build(u"mac.xlsx"_s, book));
    VERIFY_OK(result);
    QCOMPARE(cellAt(result->first(), 1, 1).text, u"1904-01-01"_s);
    QCOMPARE(cellAt(result->first(), 1, 2).text, u"2021-05-01"_s);
}

void TestXlsxReader::sparseRows()
{
    Workbook book;
    book.sheets.append(
        {u"Sheet1"_s,
         worksheet(
             "<row r=\"2\"><c r=\"C2\" t=\"inlineStr\"><is><t>c2</t></is></c><c r=\"E2\"><v>5</v></c></row>"
             // no r on the row or its cells: row 3, columns A, B, then D after an explicit C
             "<row><c t=\"inlineStr\"><is><t>a3</t></is></c><c><v>2</v></c>"
             "<c r=\"C3\"><v>3</v></c><c><v>4</v></c></row>"
             "<row r=\"6\"><c r=\"AA6\" t=\"inlineStr\"><is><t>aa6</t></is></c></row>"
             // styled but empty cells and rows widen nothing
             "<row r=\"7\" s=\"1\" customFormat=\"1\"><c r=\"AZ7\" s=\"1\"/></row>"
             "<row r=\"900\"/>")});
    const auto result = XlsxReader::read(build(u"sparse.xlsx"_s, book));
    VERIFY_OK(result);
    const SheetData& sheet = result->first();
    QCOMPARE(sheet.rows.size(), 6);
    QVERIFY(allRowsWidth(sheet, 27));
    QCOMPARE(cellAt(sheet, 1, 1).kind, Kind::Empty);
    QCOMPARE(cellAt(sheet, 2, 3).text, u"c2"_s);
    QCOMPARE(cellAt(sheet, 2, 4).kind, Kind::Empty);
    QCOMPARE(cellAt(sheet, 2, 5).text, u"5"_s);
    QCOMPARE(cellAt(sheet, 3, 1).text, u"a3"_s);
    QCOMPARE(cellAt(sheet, 3, 2).text, u"2"_s);
    QCOMPARE(cellAt(sheet, 3, 3).text, u"3"_s);
    QCOMPARE(cellAt(sheet, 3, 4).text, u"4"_s);
    QCOMPARE(cellAt(sheet, 4, 1).kind, Kind::Empty);
    QCOMPARE(cellAt(sheet, 6, 27).text, u"aa6"_s);
}

void TestXlsxReader::sheetsInWorkbookOrder()
{
    // The workbook lists 汇总 (sheet2.xml) before 明细 (sheet1.xml); a chart sheet holds no cells.
    QList<ZipEntry> entries{
        {u"_rels/.rels"_s, "<Relationships xmlns=\"" + kPkgRelNs + "\"><Relationship Id=\"r1\" Type=\"" +
                               kRelNs + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {u"xl/workbook.xml"_s,
         "<workbook xmlns=\"" + kMainNs + "\" xmlns:r=\"" + kRelNs +
             "\"><sheets><sheet name=\"汇总\" sheetId=\"2\" r:id=\"rB\"/>"
             "<sheet name=\"图\" sheetId=\"3\" r:id=\"rC\"/>"
             "<sheet name=\"明细\" sheetId=\"1\" r:id=\"rA\" state=\"hidden\"/></sheets></workbook>"},
        {u"xl/_rels/workbook.xml.rels"_s,
         "<Relationships xmlns=\"" + kPkgRelNs + "\"><Relationship Id=\"rA\" Type=\"" + kRelNs +
             "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rB\" Type=\"" + kRelNs +
             "/worksheet\" Target=\"worksheets/sheet2.xml\"/><Relationship Id=\"rC\" Type=\"" + kRelNs +
             "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/></Relationships>"},
        {u"xl/worksheets/sheet1.xml"_s, worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")},
        {u"xl/worksheets/sheet2.xml"_s, worksheet("<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>")},
        {u"xl/chartsheets/sheet1.xml"_s, "<chartsheet xmlns=\"" + kMainNs + "\"/>"},
    };
    const QString path = m_dir.filePath(u"order.xlsx"_s);
    QVERIFY(writeZip(path, entries));
    const auto result = XlsxReader::read(path);
    VERIFY_OK(result);
    QCOMPARE(result->size(), 2);
    QCOMPARE(result->at(0).name, u"汇总"_s);
    QCOMPARE(cellAt(result->at(0), 1, 1).text, u"2"_s);
    QCOMPARE(result->at(1).name, u"明细"_s);
    QCOMPARE(cellAt(result->at(1), 1, 1).text, u"1"_s);
}

void TestXlsxReader::absoluteAndOddTargets()
{
    // Absolute targets (as the fixtures use), a prefixed namespace, no .rels at the root, and part
    // names differing in case from the relationship targets.
    const QByteArray ns = "xmlns:x=\"" + kMainNs + "\"";
    QList<ZipEntry> entries{
        {u"xl/workbook.xml"_s,
         "<x:workbook " + ns + " xmlns:r=\"" + kRelNs +
             "\"><x:sheets><x:sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></x:sheets></x:workbook>"},
        {u"xl/_rels/workbook.xml.rels"_s,
         "<Relationships xmlns=\"" + kPkgRelNs + "\"><Relationship Id=\"rId1\" Type=\"" + kRelNs +
             "/worksheet\" Target=\"/xl/worksheets/Sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + kRelNs +
             "/sharedStrings\" Target=\"../xl/./sharedStrings.xml\"/></Relationships>"},
        {u"xl/worksheets/sheet1.xml"_s,
         "<x:worksheet " + ns +
             "><x:sheetData><x:row r=\"1\"><x:c r=\"B1\" t=\"s\"><x:v>0</x:v></x:c>"
             "</x:row></x:sheetData></x:worksheet>"},
        {u"xl/SharedStrings.xml"_s, "<x:sst " + ns + "><x:si><x:t>前缀</x:t></x:si></x:sst>"},
    };
    const QString path = m_dir.filePath(u"odd.xlsx"_s);
    QVERIFY(writeZip(path, entries));
    const auto result = XlsxReader::read(path);
    VERIFY_OK(result);
    QCOMPARE(result->size(), 1);
    QCOMPARE(cellAt(result->first(), 1, 2).text, u"前缀"_s);
}

// ---------------------------------------------------------------------------------------------

void TestXlsxReader::numberText_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("integer") << 1.0 << u"1"_s;
    QTest::newRow("zero") << 0.0 << u"0"_s;
    QTest::newRow("negative zero") << -0.0 << u"0"_s;
    QTest::newRow("phone") << 13903710000.0 << u"13903710000"_s;
    QTest::newRow("1e15") << 1e15 << u"1000000000000000"_s;
    QTest::newRow("id as number") << 4.10105195001E+17 << u"4.10105195001E+17"_s;
    QTest::newRow("big integer") << 123456789012345678.0 << u"1.2345678901234568E+17"_s;
    QTest::newRow("1e20") << 1e20 << u"1E+20"_s;
    QTest::newRow("half") << 1.5 << u"1.5"_s;
    QTest::newRow("negative") << -2.25 << u"-2.25"_s;
    QTest::newRow("0.1+0.2") << (0.1 + 0.2) << u"0.30000000000000004"_s;
    QTest::newRow("small") << 0.0001 << u"0.0001"_s;
    QTest::newRow("tiny") << 1e-7 << u"1E-07"_s;
    QTest::newRow("million and change") << 1234567.891 << u"1234567.891"_s;
    QTest::newRow("large fraction") << 123456789012.5 << u"123456789012.5"_s;
}

void TestXlsxReader::numberText()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(CellValueFormat::numberText(value), text);
    QCOMPARE(text.toDouble(), value); // round trip
}

void TestXlsxReader::serialToIso_data()
{
    QTest::addColumn<double>("serial");
    QTest::addColumn<bool>("date1904");
    QTest::addColumn<QString>("iso");
    QTest::newRow("1900-01-01") << 1.0 << false << u"1900-01-01"_s;
    QTest::newRow("1900-02-28") << 59.0 << false << u"1900-02-28"_s;
    QTest::newRow("phantom leap day") << 60.0 << false << u"1900-02-29"_s;
    QTest::newRow("1900-03-01") << 61.0 << false << u"1900-03-01"_s;
    QTest::newRow("2021-05-01") << 44317.0 << false << u"2021-05-01"_s;
    QTest::newRow("with time") << 44317.75 << false << u"2021-05-01T18:00:00"_s;
    QTest::newRow("rounds to second") << 44317.999999 << false << u"2021-05-02"_s;
    QTest::newRow("time only") << 0.25 << false << u"06:00:00"_s;
    QTest::newRow("9999-12-31") << 2958465.0 << false << u"9999-12-31"_s;
    QTest::newRow("1904 origin") << 0.0 << true << u"1904-01-01"_s;
    QTest::newRow("1904 2021") << 42855.0 << true << u"2021-05-01"_s;
}

void TestXlsxReader::serialToIso()
{
    QFETCH(double, serial);
    QFETCH(bool, date1904);
    QFETCH(QString, iso);
    QString out;
    QVERIFY(CellValueFormat::serialToIso(serial, date1904, &out));
    QCOMPARE(out, iso);
    QVERIFY(!CellValueFormat::serialToIso(-1, false, &out));
    QVERIFY(!CellValueFormat::serialToIso(2958466, false, &out));
}

void TestXlsxReader::cellReferences_data()
{
    QTest::addColumn<QString>("reference");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("column"); // 0: invalid
    QTest::newRow("A1") << u"A1"_s << 1 << 1;
    QTest::newRow("C12") << u"C12"_s << 12 << 3;
    QTest::newRow("Z9") << u"Z9"_s << 9 << 26;
    QTest::newRow("AA10") << u"AA10"_s << 10 << 27;
    QTest::newRow("XFD1048576") << u"XFD1048576"_s << 1'048'576 << 16'384;
    QTest::newRow("XFE1") << u"XFE1"_s << 0 << 0;
    QTest::newRow("A1048577") << u"A1048577"_s << 0 << 0;
    QTest::newRow("A0") << u"A0"_s << 0 << 0;
    QTest::newRow("no row") << u"AB"_s << 0 << 0;
    QTest::newRow("no column") << u"12"_s << 0 << 0;
    QTest::newRow("four letters") << u"AAAA1"_s << 0 << 0;
    QTest::newRow("absolute") << u"$A$1"_s << 0 << 0;
    QTest::newRow("empty") << QString() << 0 << 0;
}

void TestXlsxReader::cellReferences()
{
    QFETCH(QString, reference);
    QFETCH(int, row);
    QFETCH(int, column);
    int r = 0;
    int c = 0;
    const bool ok = CellValueFormat::parseReference(reference, &r, &c);
    QCOMPARE(ok, column != 0);
    if (ok) {
        QCOMPARE(r, row);
        QCOMPARE(c, column);
        QCOMPARE(CellValueFormat::referenceName(r, c), reference);
    }
}

void TestXlsxReader::dateFormatCodes_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("isDate");
    QTest::newRow("General") << u"General"_s << false;
    QTest::newRow("0.00") << u"0.00"_s << false;
    QTest::newRow("#,##0") << u"#,##0"_s << false;
    QTest::newRow("scientific") << u"0.00E+00"_s << false;
    QTest::newRow("text") << u"@"_s << false;
    QTest::newRow("quoted days") << u"0 \"days\""_s << false;
    QTest::newRow("escaped") << u"0\\h"_s << false;
    QTest::newRow("colour") << u"[Red]0.00"_s << false;
    QTest::newRow("currency locale") << u"[$¥-804]#,##0.00"_s << false;
    QTest::newRow("yyyy年m月d日") << u"yyyy年m月d日"_s << true;
    QTest::newRow("quoted 年月日") << u"yyyy\"年\"m\"月\"d\"日\""_s << true;
    QTest::newRow("locale date") << u"[$-804]yyyy/m/d"_s << true;
    QTest::newRow("DBNum") << u"[DBNum1][$-804]m\"月\"d\"日\""_s << true;
    QTest::newRow("time") << u"h:mm:ss"_s << true;
    QTest::newRow("elapsed") << u"[h]:mm"_s << true;
    QTest::newRow("elapsed seconds") << u"[ss]"_s << true;
    QTest::newRow("upper case") << u"YYYY-MM-DD"_s << true;
}

void TestXlsxReader::dateFormatCodes()
{
    QFETCH(QString, code);
    QFETCH(bool, isDate);
    QCOMPARE(NumberFormatTable::isDateFormatCode(code), isDate);
}

// ---------------------------------------------------------------------------------------------

void TestXlsxReader::dtdRefused()
{
    Workbook book;
    book.sharedStrings = "<?xml version=\"1.0\"?>\n<!DOCTYPE sst [<!ELEMENT sst ANY>]>\n<sst xmlns=\"" +
                         kMainNs + "\"><si><t>x</t></si></sst>";
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")});
    const QString path = build(u"dtd.xlsx"_s, book);
    expectRefused(XlsxReader::read(path), ErrorCode::InvalidInput, path,
                  {u"DTD"_s, u"xl/sharedStrings.xml"_s});

    // Also in a worksheet, with an external entity.
    Workbook sheetDtd;
    sheetDtd.sheets.append({u"Sheet1"_s, "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "
                                         "\"file:///etc/passwd\">]><worksheet xmlns=\"" +
                                             kMainNs +
                                             "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>"
                                             "<t>&xxe;</t></is></c></row></sheetData></worksheet>"});
    const QString path2 = build(u"xxe.xlsx"_s, sheetDtd);
    expectRefused(XlsxReader::read(path2), ErrorCode::InvalidInput, path2, {u"DTD"_s});
}

void TestXlsxReader::billionLaughsRefused()
{
    QByteArray dtd = "<!DOCTYPE sst [\n<!ENTITY lol \"lol\">\n";
    for (int level = 1; level <= 9; ++level) {
        dtd += "<!ENTITY lol" + QByteArray::number(level) + " \"";
        for (int k = 0; k < 10; ++k)
            dtd += "&lol" + (level > 1 ? QByteArray::number(level - 1) : QByteArray()) + ";";
        dtd += "\">\n";
    }
    dtd += "]>\n";
    Workbook book;
    book.sharedStrings =
        "<?xml version=\"1.0\"?>\n" + dtd + "<sst xmlns=\"" + kMainNs + "\"><si><t>&lol9;</t></si></sst>";
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")});
    const QString path = build(u"lol.xlsx"_s, book);
    QElapsedTimer timer;
    timer.start();
    const auto result = XlsxReader::read(path);
    QVERIFY(timer.elapsed() < 2000);
    expectRefused(result, ErrorCode::InvalidInput, path, {u"DTD"_s});
}

void TestXlsxReader::zipBombRefused()
{
    // 2 MiB of zeros (inside a comment, so the XML stays well-formed) against a 1 MiB budget.
    Workbook book;
    book.sheets.append({u"Sheet1"_s, "<?xml version=\"1.0\"?><worksheet xmlns=\"" + kMainNs + "\"><!--" +
                                         QByteArray(2 * 1024 * 1024, '0') + "--><sheetData/></worksheet>"});
    const QString path = build(u"bomb.xlsx"_s, book);
    QVERIFY(QFileInfo(path).size() < 64 * 1024);
    WorkbookLimits limits;
    limits.maxInflatedBytes = 1024 * 1024;
    expectRefused(XlsxReader::read(path, limits), ErrorCode::InvalidInput, path, {u"1 MiB"_s, u"压缩炸弹"_s});

    // The same workbook passes with the default budget.
    const auto fine = XlsxReader::read(path);
    VERIFY_OK(fine);
}

void TestXlsxReader::inflationCountedOverAllEntries()
{
    // Each part stays under 1 MiB, together they do not.
    const QByteArray padding(600 * 1024, ' ');
    Workbook book;
    book.sharedStrings = sharedStrings("<si><t>x</t></si>" + padding, 1);
    book.sheets.append(
        {u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" + padding)});
    const QString path = build(u"twohalves.xlsx"_s, book);
    WorkbookLimits limits;
    limits.maxInflatedBytes = 1024 * 1024;
    expectRefused(XlsxReader::read(path, limits), ErrorCode::InvalidInput, path, {u"1 MiB"_s});
    limits.maxInflatedBytes = 2 * 1024 * 1024;
    QVERIFY(XlsxReader::read(path, limits).has_value());
}

void TestXlsxReader::tooManyEntries()
{
    Workbook book;
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")});
    for (int i = 0; i < 20; ++i)
        book.extra.append({u"xl/media/image%1.png"_s.arg(i), QByteArray("png")});
    const QString path = build(u"entries.xlsx"_s, book);
    WorkbookLimits limits;
    limits.maxEntries = 10;
    expectRefused(XlsxReader::read(path, limits), ErrorCode::InvalidInput, path, {u"10"_s});
    limits.maxEntries = 30;
    QVERIFY(XlsxReader::read(path, limits).has_value());
}

void TestXlsxReader::tooManySharedStrings()
{
    QByteArray items;
    for (int i = 0; i < 6; ++i)
        items += "<si><t>s" + QByteArray::number(i) + "</t></si>";
    Workbook book;
    book.sharedStrings = sharedStrings(items, 1); // the declared count lies
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")});
    const QString path = build(u"strings.xlsx"_s, book);
    WorkbookLimits limits;
    limits.maxSharedStrings = 5;
    expectRefused(XlsxReader::read(path, limits), ErrorCode::InvalidInput, path, {u"5"_s, u"共享字符串"_s});
    limits.maxSharedStrings = 6;
    QVERIFY(XlsxReader::read(path, limits).has_value());
}

void TestXlsxReader::overLongCell()
{
    Workbook book;
    book.sheets.append(
        {u"名单"_s, worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>0123456789</t></is></c></row>"
                              "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><r><t>012345</t></r>"
                              "<r><t>6789X</t></r></is></c></row>")});
    const QString path = build(u"long.xlsx"_s, book);
    WorkbookLimits limits;
    limits.maxCellChars = 10;
    expectRefused(XlsxReader::read(path, limits), ErrorCode::InvalidInput, path,
                  {u"B2"_s, u"10"_s, u"名单"_s});
    limits.maxCellChars = 11;
    QVERIFY(XlsxReader::read(path, limits).has_value());

    // A huge <v> under the default limit of 32,767.
    Workbook huge;
    huge.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>" +
                                               QByteArray(40'000, 'x') + "</v></c></row>")});
    const QString path2 = build(u"huge.xlsx"_s, huge);
    expectRefused(XlsxReader::read(path2), ErrorCode::InvalidInput, path2, {u"A1"_s, u"32767"_s});
}

void TestXlsxReader::overLongSharedString()
{
    Workbook book;
    book.sharedStrings =
        sharedStrings("<si><t>ok</t></si><si><r><t>01234</t></r><r><t>56789X</t></r></si>", 2);
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")});
    const QString path = build(u"longsst.xlsx"_s, book);
    WorkbookLimits limits;
    limits.maxCellChars = 10;
    expectRefused(XlsxReader::read(path, limits), ErrorCode::InvalidInput, path, {u"10"_s, u"第 2 条"_s});
}

void TestXlsxReader::tooManyRows()
{
    Workbook book;
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                                               "<row r=\"4\"><c r=\"A4\"><v>4</v></c></row>")});
    const QString path = build(u"rows.xlsx"_s, book);
    WorkbookLimits limits;
    limits.maxRows = 3;
    expectRefused(XlsxReader::read(path, limits), ErrorCode::InvalidInput, path, {u"3 行"_s});
    limits.maxRows = 4;
    QVERIFY(XlsxReader::read(path, limits).has_value());
}

void TestXlsxReader::tooManyColumns()
{
    Workbook book;
    book.sheets.append(
        {u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"C1\"><v>3</v></c></row>")});
    const QString path = build(u"columns.xlsx"_s, book);
    WorkbookLimits limits;
    limits.maxColumns = 2;
    expectRefused(XlsxReader::read(path, limits), ErrorCode::InvalidInput, path, {u"2 列"_s});
    limits.maxColumns = 3;
    QVERIFY(XlsxReader::read(path, limits).has_value());
}

void TestXlsxReader::farApartCellsRefused()
{
    // Two cells, a few hundred bytes of XML, would need a 1,048,576 × 16,384 grid.
    Workbook book;
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                                               "<row r=\"1048576\"><c r=\"XFD1048576\"><v>2</v></c></row>")});
    const QString path = build(u"far.xlsx"_s, book);
    QElapsedTimer timer;
    timer.start();
    expectRefused(XlsxReader::read(path), ErrorCode::InvalidInput, path, {u"10000000"_s, u"单元格"_s});
    QVERIFY(timer.elapsed() < 2000);
}

void TestXlsxReader::truncatedFile()
{
    QFile source(fixture(u"volunteers-sample.xlsx"_s));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray bytes = source.readAll();
    const QString path = m_dir.filePath(u"截断.xlsx"_s);
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(bytes.left(bytes.size() / 2));
    out.close();
    expectRefused(XlsxReader::read(path), ErrorCode::InvalidInput, path, {u"xlsx"_s});
}

void TestXlsxReader::corruptEntry()
{
    // Damage the compressed bytes of the worksheet while the zip directory stays intact.
    QByteArray rows;
    for (int i = 1; i <= 2000; ++i)
        rows += "<row r=\"" + QByteArray::number(i) + "\"><c r=\"A" + QByteArray::number(i) + "\"><v>" +
                QByteArray::number(i * 7919 % 10007) + "</v></c></row>";
    Workbook book;
    book.sheets.append({u"Sheet1"_s, worksheet(rows)});
    const QString path = build(u"corrupt.xlsx"_s, book);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    // The first occurrence of the name is the entry's local header (30 bytes, then name and extra).
    const QByteArray name = "xl/worksheets/sheet1.xml";
    const qsizetype nameAt = bytes.indexOf(name);
    QVERIFY(nameAt >= 30);
    QVERIFY(bytes.mid(nameAt - 30, 4) == QByteArray("PK\x03\x04"));
    const int extraLength = quint8(bytes[nameAt - 2]) | (quint8(bytes[nameAt - 1]) << 8);
    const qsizetype dataStart = nameAt + name.size() + extraLength + 100;
    QVERIFY(dataStart + 200 < bytes.size());
    for (qsizetype i = dataStart; i < dataStart + 200; i += 3)
        bytes[i] = char(bytes[i] ^ 0x5A);
    file.seek(0);
    file.write(bytes);
    file.close();
    expectRefused(XlsxReader::read(path), ErrorCode::InvalidInput, path, {u"xl/worksheets/sheet1.xml"_s});
}

void TestXlsxReader::notAZip()
{
    const QString path = m_dir.filePath(u"名单.xlsx"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("序号,姓名\n1,张三\n");
    file.close();
    expectRefused(XlsxReader::read(path), ErrorCode::InvalidInput, path, {u"xlsx"_s});

    const QString empty = m_dir.filePath(u"empty.xlsx"_s);
    QFile emptyFile(empty);
    QVERIFY(emptyFile.open(QIODevice::WriteOnly));
    emptyFile.close();
    expectRefused(XlsxReader::read(empty), ErrorCode::InvalidInput, empty, {});
}

void TestXlsxReader::missingFile()
{
    const QString path = m_dir.filePath(u"不存在.xlsx"_s);
    expectRefused(XlsxReader::read(path), ErrorCode::Io, path, {});
    expectRefused(XlsxReader::read(m_dir.path()), ErrorCode::Io, m_dir.path(), {});
}

void TestXlsxReader::malformedXml()
{
    Workbook book;
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></row>")}); // </c> missing
    const QString path = build(u"malformed.xlsx"_s, book);
    expectRefused(XlsxReader::read(path), ErrorCode::InvalidInput, path,
                  {u"XML"_s, u"xl/worksheets/sheet1.xml"_s});

    Workbook cut;
    cut.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>").left(120)});
    const QString path2 = build(u"cut.xlsx"_s, cut);
    expectRefused(XlsxReader::read(path2), ErrorCode::InvalidInput, path2, {u"XML"_s});

    Workbook entity;
    entity.sheets.append(
        {u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&undeclared;</t></is>"
                                "</c></row>")});
    const QString path3 = build(u"entity.xlsx"_s, entity);
    expectRefused(XlsxReader::read(path3), ErrorCode::InvalidInput, path3, {});
}

void TestXlsxReader::missingWorkbookPart()
{
    const QString path = m_dir.filePath(u"noworkbook.xlsx"_s);
    QVERIFY(writeZip(path, {{u"readme.txt"_s, "hello"}}));
    expectRefused(XlsxReader::read(path), ErrorCode::InvalidInput, path, {u"xl/workbook.xml"_s});

    // A sheet whose part is missing.
    QList<ZipEntry> entries = workbookEntries(Workbook{{{u"Sheet1"_s, worksheet("")}}, {}, {}, false, {}});
    entries.removeIf([](const ZipEntry& entry) { return entry.name.startsWith(u"xl/worksheets/"_s); });
    const QString path2 = m_dir.filePath(u"nosheet.xlsx"_s);
    QVERIFY(writeZip(path2, entries));
    expectRefused(XlsxReader::read(path2), ErrorCode::InvalidInput, path2, {u"xl/worksheets/sheet1.xml"_s});
}

void TestXlsxReader::badCellReference()
{
    Workbook book;
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>")});
    const QString path = build(u"badref.xlsx"_s, book);
    expectRefused(XlsxReader::read(path), ErrorCode::InvalidInput, path, {u"XFE1"_s});
}

void TestXlsxReader::danglingSharedStringIndex()
{
    Workbook book;
    book.sharedStrings = sharedStrings("<si><t>only</t></si>", 1);
    book.sheets.append({u"Sheet1"_s, worksheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c></row>")});
    const QString path = build(u"dangling.xlsx"_s, book);
    expectRefused(XlsxReader::read(path), ErrorCode::InvalidInput, path, {u"A1"_s});
}

QTEST_GUILESS_MAIN(TestXlsxReader)
#include "TestXlsxReader.moc"
