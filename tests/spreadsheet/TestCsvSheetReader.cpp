#include "CsvSheetReader.h"

#include <QFile>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QtTest>

using namespace kjzy;
using namespace Qt::StringLiterals;

// QVERIFY2 evaluates its message even on success: only touch error() when there is one.
#define VERIFY_OK(result)                                                                                    \
    QVERIFY2((result).has_value(), (result).has_value() ? "" : qPrintable((result).error().message))

namespace {

using Kind = SheetCell::Kind;

QString fixture(const QString& name)
{
    return QStringLiteral(KJZY_TEST_DATA_DIR "/fixtures/") + name;
}

QByteArray gb18030(const QString& text)
{
    QStringEncoder encoder("GB18030");
    return encoder.encode(text);
}

QStringList texts(const QList<SheetCell>& row)
{
    QStringList out;
    for (const SheetCell& cell : row)
        out.append(cell.text);
    return out;
}

} // namespace

class TestCsvSheetReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void gb18030Available();
    void gb18030Fixture();
    void utf8WithBom();
    void utf8WithoutBomTabs();
    void markerLineBeforeHeader();
    void decode_data();
    void decode();
    void separatorIgnoresQuotedText();
    void emptyFile();
    void missingFile();
    void tooLarge();

private:
    QString write(const QString& name, const QByteArray& bytes);
    QTemporaryDir m_dir;
};

void TestCsvSheetReader::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestCsvSheetReader::write(const QString& name, const QByteArray& bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestCsvSheetReader::gb18030Available()
{
    // Qt 6.4 on Debian gets GB18030 through ICU; without it the fixture below could not be read.
    QVERIFY(QStringDecoder("GB18030").isValid());
}

void TestCsvSheetReader::gb18030Fixture()
{
    const QString path = fixture(u"volunteers-sample-gb18030.csv"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString encoding;
    CsvSheetReader::decode(file.readAll(), &encoding);
    QCOMPARE(encoding, u"GB18030"_s);

    const auto result = CsvSheetReader::read(path);
    VERIFY_OK(result);
    const SheetData& sheet = *result;
    QCOMPARE(sheet.name, u"volunteers-sample-gb18030.csv"_s);
    QCOMPARE(sheet.rows.size(), 51); // header + 50 people, one with a line break inside quotes
    for (const QList<SheetCell>& row : sheet.rows) {
        QCOMPARE(row.size(), 17);
        for (const SheetCell& cell : row)
            QVERIFY(cell.kind == Kind::Text || cell.kind == Kind::Empty);
    }
    const QStringList header = texts(sheet.rows[0]);
    QCOMPARE(header.first(), u"序号"_s);
    QCOMPARE(header[1], u"真实姓名"_s);
    QCOMPARE(header[4], u"身份证号"_s);
    QCOMPARE(header.last(), u"是否为基层“三长”"_s);
    QCOMPARE(sheet.rows[1][1].text, u"王芳"_s);
    QCOMPARE(sheet.rows[1][4].text, u"410108197006030011"_s);     // text, never a number
    QCOMPARE(sheet.rows[1][15].text, u"科学教育类;科普报告类"_s); // ';' inside a comma file
    QCOMPARE(sheet.rows[44][0].text, u"44"_s);
    QCOMPARE(sheet.rows[44][15].text, u"科技咨询类\n健康咨询类"_s);
    QCOMPARE(sheet.rows[44][16].text, u"否"_s);
    QCOMPARE(sheet.rows[50][0].text, u"50"_s);
}

void TestCsvSheetReader::utf8WithBom()
{
    const QString csv = u"序号;姓名;备注\r\n"
                        u"1;张三;\"含;分号\"\r\n"
                        u"2;\"李\"\"四\"\"\";\"第一行\r\n第二行\"\r\n"
                        u"3;王五\r\n"
                        u"4;赵六;;多一列\r\n"_s;
    const QString path = write(u"名单-utf8.csv"_s, "\xEF\xBB\xBF" + csv.toUtf8());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString encoding;
    const QString decoded = CsvSheetReader::decode(file.readAll(), &encoding);
    QVERIFY(encoding.startsWith(u"UTF-8"_s));
    QVERIFY(!decoded.startsWith(QChar(0xFEFF)));

    const auto result = CsvSheetReader::read(path);
    VERIFY_OK(result);
    const SheetData& sheet = *result;
    QCOMPARE(sheet.name, u"名单-utf8.csv"_s);
    QCOMPARE(sheet.rows.size(), 5);
    QCOMPARE(sheet.rows[0][0].text, u"序号"_s); // no BOM glued to the first header
    QCOMPARE(texts(sheet.rows[0]), (QStringList{u"序号"_s, u"姓名"_s, u"备注"_s, QString()}));
    QCOMPARE(sheet.rows[1][2].text, u"含;分号"_s);
    QCOMPARE(sheet.rows[2][1].text, u"李\"四\""_s);
    QCOMPARE(sheet.rows[2][2].text, u"第一行\r\n第二行"_s);
    // Rows padded to the widest (4 columns) with Empty cells; parsed fields are Text, even empty.
    for (const QList<SheetCell>& row : sheet.rows)
        QCOMPARE(row.size(), 4);
    QCOMPARE(sheet.rows[0][3].kind, Kind::Empty);
    QCOMPARE(sheet.rows[3][2].kind, Kind::Empty);
    QCOMPARE(sheet.rows[4][2].kind, Kind::Text);
    QVERIFY(sheet.rows[4][2].isEmpty());
    QCOMPARE(sheet.rows[4][3].text, u"多一列"_s);
    QCOMPARE(sheet.rows[1][0].kind, Kind::Text); // "1" stays text
}

void TestCsvSheetReader::utf8WithoutBomTabs()
{
    const QString path = write(u"tabs.txt"_s, u"姓名\t手机号\n张三\t13903710000\n"_s.toUtf8());
    const auto result = CsvSheetReader::read(path);
    VERIFY_OK(result);
    QCOMPARE(result->rows.size(), 2);
    QCOMPARE(texts(result->rows[1]), (QStringList{u"张三"_s, u"13903710000"_s}));
}

void TestCsvSheetReader::markerLineBeforeHeader()
{
    // The 附件2 marker line has no separator; the header line decides (semicolons here).
    const QString path =
        write(u"marker.csv"_s, gb18030(u"\n附件2\n序号;姓名,别名;手机号\n1;张三,小张;139\n"_s));
    const auto result = CsvSheetReader::read(path);
    VERIFY_OK(result);
    QCOMPARE(result->rows.size(), 4);
    QCOMPARE(result->rows[0][0].kind, Kind::Text);
    QVERIFY(result->rows[0][0].isEmpty());
    QCOMPARE(result->rows[1][0].text, u"附件2"_s);
    QCOMPARE(texts(result->rows[2]), (QStringList{u"序号"_s, u"姓名,别名"_s, u"手机号"_s}));
    QCOMPARE(texts(result->rows[3]), (QStringList{u"1"_s, u"张三,小张"_s, u"139"_s}));
}

void TestCsvSheetReader::decode_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("encoding");
    QTest::newRow("utf-8") << u"张三,13903710000"_s.toUtf8() << u"张三,13903710000"_s << u"UTF-8"_s;
    QTest::newRow("utf-8 bom") << QByteArray("\xEF\xBB\xBF" + u"张三"_s.toUtf8()) << u"张三"_s
                               << u"UTF-8 (BOM)"_s;
    QTest::newRow("ascii") << QByteArray("a,b") << u"a,b"_s << u"UTF-8"_s;
    QTest::newRow("gb18030") << gb18030(u"张三,河南省,☑科普报告"_s) << u"张三,河南省,☑科普报告"_s
                             << u"GB18030"_s;
    QTest::newRow("gb18030 four-byte") << gb18030(u"𠀀𪚥"_s) << u"𠀀𪚥"_s << u"GB18030"_s;
    QByteArray utf16("\xFF\xFE");
    for (const QChar c : u"序号\t姓名"_s) {
        utf16.append(char(c.unicode() & 0xFF));
        utf16.append(char(c.unicode() >> 8));
    }
    QTest::newRow("utf-16le bom") << utf16 << u"序号\t姓名"_s << u"UTF-16LE"_s;
    QTest::newRow("empty") << QByteArray() << QString() << u"UTF-8"_s;
}

void TestCsvSheetReader::decode()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, text);
    QFETCH(QString, encoding);
    QString name;
    QCOMPARE(CsvSheetReader::decode(bytes, &name), text);
    QCOMPARE(name, encoding);
    QCOMPARE(CsvSheetReader::decode(bytes), text);
}

void TestCsvSheetReader::separatorIgnoresQuotedText()
{
    const QString path = write(u"quoted.csv"_s, "\"a,b,c,d\";x;y\n1;2;3\n");
    const auto result = CsvSheetReader::read(path);
    VERIFY_OK(result);
    QCOMPARE(texts(result->rows[0]), (QStringList{u"a,b,c,d"_s, u"x"_s, u"y"_s}));
}

void TestCsvSheetReader::emptyFile()
{
    const auto result = CsvSheetReader::read(write(u"empty.csv"_s, QByteArray()));
    VERIFY_OK(result);
    QVERIFY(result->rows.isEmpty());
    QCOMPARE(result->name, u"empty.csv"_s);
}

void TestCsvSheetReader::missingFile()
{
    const auto result = CsvSheetReader::read(m_dir.filePath(u"没有.csv"_s));
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, ErrorCode::Io);
    QVERIFY2(result.error().message.contains(u"没有.csv"_s), qPrintable(result.error().message));
}

void TestCsvSheetReader::tooLarge()
{
    const QString path = write(u"big.csv"_s, QByteArray(2048, 'a'));
    const auto result = CsvSheetReader::read(path, 1024);
    QVERIFY(!result.has_value());
    QCOMPARE(result.error().code, ErrorCode::InvalidInput);
    QVERIFY2(result.error().message.contains(u"big.csv"_s), qPrintable(result.error().message));
    QVERIFY(CsvSheetReader::read(path, 2048).has_value());
}

QTEST_GUILESS_MAIN(TestCsvSheetReader)
#include "TestCsvSheetReader.moc"
