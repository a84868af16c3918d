// Workbooks the tests have never seen: generated from a seed by the fixture rules (dirty but valid
// cells that must be normalised, broken cells that must be rejected, rows that must be skipped),
// written as real .xlsx files and imported. Each failure names its seed.
#include "importer/SheetImporter.h"
#include "model/RegistrationTemplate.h"
#include "reference/ReferenceData.h"
#include "spreadsheet/TableWriter.h"
#include "store/VolunteerStore.h"
#include "validation/IdNumber.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace kjzy;

namespace {

const QDate kToday(2026, 11, 29);

struct ExpectedRow
{
    RowOutcome outcome = RowOutcome::Imported;
    QString idNumber; // canonical, for kept rows
    QString mobile;
    QString gender;
    QString county;
    QStringList categories;
};

class SheetGenerator
{
public:
    explicit SheetGenerator(quint32 seed) : m_random(seed) {}

    TemplateTable table(int people)
    {
        TemplateTable table;
        table.marker = RegistrationTemplate::marker(TemplateKind::Volunteers);
        table.title = RegistrationTemplate::title(TemplateKind::Volunteers);
        table.sheetName = QStringLiteral("Sheet1");
        for (const auto& column : RegistrationTemplate::columns(TemplateKind::Volunteers))
            table.headers << column.header;
        // The template's header texts come back with line breaks in them.
        table.headers[15] = QStringLiteral("服务领域\n或行业");
        for (int i = 0; i < people; ++i)
            table.rows << row(i + 1);
        table.rows << templateRow(people + 1) << QStringList(17) << instructionRow();
        m_expected << ExpectedRow{RowOutcome::Skipped, {}, {}, {}, {}, {}}
                   << ExpectedRow{RowOutcome::Skipped, {}, {}, {}, {}, {}}
                   << ExpectedRow{RowOutcome::Skipped, {}, {}, {}, {}, {}};
        return table;
    }

    const QList<ExpectedRow>& expected() const { return m_expected; }

private:
    int pick(int n) { return int(m_random.bounded(n)); }
    bool chance(int percent) { return pick(100) < percent; }

    template <typename T> const T& oneOf(const QList<T>& list) { return list[pick(int(list.size()))]; }

    QString validId(QString& gender)
    {
        // Address codes of current counties; birth dates 1950–2005; the 17th digit sets the gender.
        const Region* county = oneOf(m_counties);
        const QDate birth = QDate(1950, 1, 1).addDays(pick(20'000));
        const int sequence = pick(1000);
        QString body = county->code + birth.toString(QStringLiteral("yyyyMMdd")) +
                       QStringLiteral("%1").arg(sequence, 3, 10, QLatin1Char('0'));
        gender = (sequence % 2 == 1) ? QStringLiteral("男") : QStringLiteral("女");
        return body + IdNumber::checkCharacter(body);
    }

    static QString fullWidth(const QString& digits)
    {
        QString out;
        for (const QChar c : digits)
            out += c.isDigit() ? QChar(0xFF10 + c.digitValue()) : (c == u'X' ? QChar(0xFF38) : c);
        return out;
    }

    QString dirtyId(const QString& id)
    {
        switch (pick(4)) {
        case 0:
            return QStringLiteral(" ") + id + QStringLiteral("　"); // ASCII and ideographic space
        case 1:
            return id.endsWith(u'X') ? id.chopped(1) + u'x' : id;
        case 2:
            return fullWidth(id);
        default:
            return id;
        }
    }

    QString dirtyMobile(const QString& mobile)
    {
        switch (pick(5)) {
        case 0:
            return QStringLiteral("+86 ") + mobile;
        case 1:
            return mobile.left(3) + u'-' + mobile.mid(3, 4) + u'-' + mobile.mid(7);
        case 2:
            return QStringLiteral("0086") + mobile;
        case 3:
            return fullWidth(mobile);
        default:
            return mobile;
        }
    }

    QString categoriesCell(const QStringList& chosen)
    {
        const QStringList all = ReferenceData::instance().serviceCategories().values();
        static const QList<QChar> marks{u'☑', u'■', u'√', u'✓', u'✔'};
        switch (pick(3)) {
        case 0: { // the printed check boxes, chosen ones marked
            const QChar mark = oneOf(marks);
            QStringList lines;
            for (const QString& option : all)
                lines << QString(chosen.contains(option) ? mark : QChar(u'□')) + option;
            return lines.join(u'\n');
        }
        case 1: { // the unwanted options deleted
            QStringList lines;
            for (const QString& option : chosen)
                lines << u'□' + option;
            return lines.join(u'\n');
        }
        default: { // typed, with any of the separators people use
            static const QStringList separators{QStringLiteral("、"), QStringLiteral("，"),
                                                QStringLiteral(","),  QStringLiteral("；"),
                                                QStringLiteral(";"),  QStringLiteral("\n")};
            return chosen.join(oneOf(separators));
        }
        }
    }

    QStringList row(int seq)
    {
        const ReferenceData& ref = ReferenceData::instance();
        if (m_counties.isEmpty()) {
            for (const Region* city : ref.regions().cities())
                for (const Region* child : ref.regions().childrenOf(city->code))
                    if (child->level == RegionLevel::County)
                        m_counties << child;
        }
        QString gender;
        const QString id = validId(gender);
        const QString mobile =
            QStringLiteral("1%1%2").arg(3 + pick(7)).arg(pick(1'000'000'000), 9, 10, QLatin1Char('0'));
        const Region* county = oneOf(m_counties);
        const Region* city = ref.regions().find(county->parentCode);
        QStringList categories;
        for (const QString& option : ref.serviceCategories().values())
            if (chance(30))
                categories << option;
        if (categories.isEmpty())
            categories << QStringLiteral("其他");

        QStringList cells{QString::number(seq),
                          QStringLiteral("志愿者%1").arg(QChar(0x4E00 + pick(2000))),
                          dirtyMobile(mobile),
                          chance(50) ? gender : QString(),
                          dirtyId(id),
                          oneOf(ref.politicalStatus().values()),
                          oneOf(ref.ethnicity().values()),
                          QStringLiteral("某单位"),
                          oneOf(ref.professionalTitle().values()),
                          oneOf(ref.education().values()),
                          oneOf(ref.occupation().values()),
                          QStringLiteral("河南省"),
                          chance(80) ? city->name : city->code,
                          chance(80) ? county->name : county->code,
                          categoriesCell(categories),
                          QStringLiteral("其他科技服务"),
                          chance(10) ? QStringLiteral("是") : QStringLiteral("否")};
        ExpectedRow expected{RowOutcome::Imported, id, mobile, gender, county->code, categories};

        // One in four rows breaks exactly one rule; one in twenty repeats an earlier person.
        if (chance(25)) {
            expected.outcome = RowOutcome::Rejected;
            switch (pick(6)) {
            case 0: { // check character altered
                const QChar last = id.back() == u'0' ? u'1' : u'0';
                cells[4] = id.chopped(1) + last;
                if (IdNumber::checkCharacter(id.left(17)) == last)
                    cells[4] = id.chopped(1) + u'2';
                break;
            }
            case 1:
                cells[2] = mobile.left(10);
                break;
            case 2:
                cells[3] = gender == u"男" ? QStringLiteral("女") : QStringLiteral("男");
                break;
            case 3: { // a county of another city
                const Region* other = county;
                while (other->parentCode == county->parentCode)
                    other = oneOf(m_counties);
                cells[13] = other->name;
                cells[12] = city->name;
                break;
            }
            case 4:
                cells[6] = QStringLiteral("火星族");
                break;
            default:
                cells[1].clear();
                break;
            }
        } else if (chance(5) && !m_keptIds.isEmpty()) {
            expected.outcome = RowOutcome::Rejected;
            cells[4] = oneOf(m_keptIds);
            cells[3].clear();
        } else {
            if (m_keptIds.contains(id)) // the same random person twice: not a test of duplicates
                expected.outcome = RowOutcome::Rejected;
            m_keptIds << id;
        }
        m_expected << expected;
        return cells;
    }

    QStringList templateRow(int seq)
    {
        const QStringList all = ReferenceData::instance().serviceCategories().values();
        const QStringList fields = ReferenceData::instance().serviceFields().values();
        QStringList cells(17);
        cells[0] = QString::number(seq);
        cells[11] = QStringLiteral("河南省");
        cells[14] = u'□' + all.join(QStringLiteral("\n□"));
        cells[15] = u'□' + fields.join(QStringLiteral("\n□"));
        return cells;
    }

    static QStringList instructionRow()
    {
        QStringList cells(17);
        cells[0] = QStringLiteral("填报说明：政治面貌、民族、职称、最高学历、从业类别、所在区域、是否为基层“"
                                  "三长”等选项可在下拉菜单中选择。");
        return cells;
    }

    QRandomGenerator m_random;
    QList<const Region*> m_counties;
    QStringList m_keptIds;
    QList<ExpectedRow> m_expected;
};

} // namespace

class TestGeneratedSheets : public QObject
{
    Q_OBJECT

private slots:
    void generatedWorkbooksGetTheRuleVerdicts_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 12; ++seed)
            QTest::addRow("seed %u", seed) << seed;
    }

    void generatedWorkbooksGetTheRuleVerdicts()
    {
        QFETCH(quint32, seed);
        SheetGenerator generator(seed);
        const TemplateTable table = generator.table(150);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("generated-%1.xlsx").arg(seed));
        QVERIFY(TableWriter::write(path, table).has_value());

        auto db = ClientDatabase::open(dir.filePath(QStringLiteral("db.sqlite")));
        QVERIFY(db && (*db)->initialize(QStringLiteral("410000")));
        ManualClock clock(1'764'000'000'000);
        SheetImporter importer(**db, clock);
        ImportOptions options;
        options.today = kToday;
        auto report = importer.importFile(path, options);
        QVERIFY2(report.has_value(), report ? "" : qPrintable(report.error().message));
        QCOMPARE(report->headerRow, 3);
        QCOMPARE(report->rows.size(), generator.expected().size());
        // Every seed mixes the kinds of row the rules distinguish.
        QVERIFY(report->count(RowOutcome::Imported) > 80);
        QVERIFY(report->count(RowOutcome::Rejected) > 20);
        QCOMPARE(report->count(RowOutcome::Skipped), 3);

        VolunteerStore store(**db, clock);
        for (qsizetype i = 0; i < report->rows.size(); ++i) {
            const RowReport& row = report->rows[i];
            const ExpectedRow& want = generator.expected()[i];
            QStringList problems;
            for (const auto& issue : row.issues)
                problems << issue.toText();
            QVERIFY2(row.outcome == want.outcome,
                     qPrintable(QStringLiteral("seed %1 row %2: got %3, want %4 %5")
                                    .arg(seed)
                                    .arg(row.row)
                                    .arg(rowOutcomeName(row.outcome), rowOutcomeName(want.outcome),
                                         problems.join(u" | "))));
            if (want.outcome != RowOutcome::Imported)
                continue;
            const auto stored = store.findByIdNumber(want.idNumber);
            QVERIFY2(stored && *stored, qPrintable(QStringLiteral("seed %1 row %2").arg(seed).arg(row.row)));
            const Volunteer& v = **stored;
            const QString where = QStringLiteral("seed %1 row %2").arg(seed).arg(row.row);
            QVERIFY2(v.mobile == want.mobile, qPrintable(where + u' ' + v.mobile));
            QVERIFY2(v.gender == want.gender, qPrintable(where));
            QVERIFY2(v.county == want.county, qPrintable(where + u' ' + v.county));
            QVERIFY2(v.serviceCategories == want.categories,
                     qPrintable(where + u' ' + v.serviceCategories.join(u',') + QStringLiteral(" vs ") +
                                want.categories.join(u',')));
        }
    }
};

QTEST_GUILESS_MAIN(TestGeneratedSheets)
#include "TestGeneratedSheets.moc"
