#include "VolunteerGenerator.h"

#include "core/CsvParser.h"

#include "reference/ReferenceData.h"
#include "validation/IdNumber.h"

#include <QDate>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace kjzy::bench {

namespace {

const QString kProvince = QStringLiteral("410000");

// Resident population of each city in the 2020 census (10,000s, rounded): the weight of a city when
// people are drawn for the whole province.
struct CityWeight
{
    const char16_t* code;
    double weight;
};
constexpr CityWeight kCensus2020[] = {
    {u"410100", 1260.1}, {u"410200", 482.4}, {u"410300", 705.7}, {u"410400", 498.7}, {u"410500", 547.8},
    {u"410600", 156.6},  {u"410700", 625.2}, {u"410800", 352.1}, {u"410900", 377.2}, {u"411000", 438.0},
    {u"411100", 236.7},  {u"411200", 203.5}, {u"411300", 971.3}, {u"411400", 781.7}, {u"411500", 623.4},
    {u"411600", 902.6},  {u"411700", 700.8}, {u"419001", 72.7},
};

// The most common surnames of Henan and a pool of given-name characters.
const QString kSurnames = QStringLiteral(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
    "阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹常武乔贺申牛");
const QString kGivenChars = QStringLiteral(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞建国志新亮宇浩凯晨欣雪梅琳丹辉斌波宁婷"
    "慧颖佳俊峰博文莉兰燕海林鑫振昊睿思雨晓东卫民利春秋");
const QStringList kEmployerKinds{QStringLiteral("人民医院"),         QStringLiteral("中医院"),
                                 QStringLiteral("第一高级中学"),     QStringLiteral("实验小学"),
                                 QStringLiteral("农业农村局"),       QStringLiteral("科学技术协会"),
                                 QStringLiteral("职业教育中心"),     QStringLiteral("林业局"),
                                 QStringLiteral("气象局"),           QStringLiteral("畜牧兽医服务中心"),
                                 QStringLiteral("疾病预防控制中心"), QStringLiteral("农业技术推广中心")};
const QStringList kProvincialEmployers{QStringLiteral("郑州大学"),       QStringLiteral("河南大学"),
                                       QStringLiteral("河南农业大学"),   QStringLiteral("河南科技大学"),
                                       QStringLiteral("河南理工大学"),   QStringLiteral("河南省农业科学院"),
                                       QStringLiteral("河南省人民医院"), QStringLiteral("国网河南省电力公司"),
                                       QStringLiteral("河南师范大学")};

// Picks `value` with probability `percent`, else one of the list uniformly.
QString weighted(QRandomGenerator& random, const QStringList& values, const QString& value, int percent)
{
    if (values.contains(value) && int(random.bounded(100)) < percent)
        return value;
    return values.at(int(random.bounded(quint32(values.size()))));
}

} // namespace

VolunteerGenerator::VolunteerGenerator(quint32 seed, const QString& scope)
    : m_random(seed), m_province(scope == kProvince)
{
    const ReferenceData& ref = ReferenceData::instance();
    const RegionTable& regions = ref.regions();
    for (const Region* city : regions.cities()) {
        City entry{city->code, 0, {}};
        for (const CityWeight& census : kCensus2020)
            if (city->code == QStringView(census.code))
                entry.weight = census.weight;
        QList<const Region*> counties;
        for (const Region* county : regions.childrenOf(city->code))
            if (county->level == RegionLevel::County)
                counties << county;
        if (counties.isEmpty()) // 济源市 stands in both the city and the county position
            counties << city;
        for (const Region* county : counties) {
            m_birthCounties << county->code;
            if (m_province || scope == city->code || scope == county->code) {
                entry.places << int(m_places.size());
                m_places << Place{city->code, county->code, county->name};
            }
        }
        if (!entry.places.isEmpty()) {
            m_totalWeight += entry.weight;
            m_cities << entry;
        }
    }
    if (m_places.isEmpty())
        qFatal("VolunteerGenerator: no county position in scope %s", qPrintable(scope));
    m_birthCountySet = QSet<QString>(m_birthCounties.cbegin(), m_birthCounties.cend());
    m_politicalStatus = ref.politicalStatus().values();
    m_ethnicity = ref.ethnicity().values();
    m_education = ref.education().values();
    m_titles = ref.professionalTitle().values();
    m_occupations = ref.occupation().values();
    m_serviceCategories = ref.serviceCategories().values();
    m_serviceFields = ref.serviceFields().values();
}

QString VolunteerGenerator::pick(const QStringList& values)
{
    return values.at(int(m_random.bounded(quint32(values.size()))));
}

QString VolunteerGenerator::uuid()
{
    // A version 4 UUID as RecordId::generate() makes it, but from the seeded generator.
    quint32 words[4];
    m_random.fillRange(words);
    QByteArray bytes(reinterpret_cast<const char*>(words), sizeof(words));
    bytes[6] = char((bytes[6] & 0x0F) | 0x40);
    bytes[8] = char((bytes[8] & 0x3F) | 0x80);
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

QString VolunteerGenerator::name()
{
    QString name = kSurnames.at(int(m_random.bounded(quint32(kSurnames.size()))));
    const int given = m_random.bounded(100) < 70 ? 2 : 1;
    for (int i = 0; i < given; ++i)
        name += kGivenChars.at(int(m_random.bounded(quint32(kGivenChars.size()))));
    return name;
}

QString VolunteerGenerator::mobile()
{
    QString number = QStringLiteral("1") + QString::number(3 + m_random.bounded(7));
    for (int i = 0; i < 9; ++i)
        number += QChar(u'0' + m_random.bounded(10));
    return number;
}

QString VolunteerGenerator::idNumber(const QString& birthCounty)
{
    // GB 11643-1999: address code (6) ‖ birth date (8) ‖ order code (3) ‖ check character.
    static const QDate earliest(1950, 1, 1);
    static const int span = int(earliest.daysTo(QDate(2004, 12, 31)));
    for (;;) {
        const QDate birth = earliest.addDays(m_random.bounded(span + 1));
        const QString first17 = birthCounty + birth.toString(QStringLiteral("yyyyMMdd")) +
                                QStringLiteral("%1").arg(m_random.bounded(1000), 3, 10, QLatin1Char('0'));
        if (m_usedIdNumbers.contains(first17))
            continue;
        m_usedIdNumbers.insert(first17);
        return first17 + IdNumber::checkCharacter(first17);
    }
}

QString VolunteerGenerator::employer(const Place& place)
{
    if (m_random.bounded(100) < 20)
        return pick(kProvincialEmployers);
    return place.countyName + pick(kEmployerKinds);
}

QStringList VolunteerGenerator::someOf(const QStringList& values, int most)
{
    QStringList chosen;
    const int count = 1 + int(m_random.bounded(quint32(most)));
    while (chosen.size() < count) {
        const QString value = pick(values);
        if (!chosen.contains(value))
            chosen << value;
    }
    // The client stores multi-select values in list order (MultiSelectParser).
    std::sort(chosen.begin(), chosen.end(),
              [&](const QString& a, const QString& b) { return values.indexOf(a) < values.indexOf(b); });
    return chosen;
}

const VolunteerGenerator::Place& VolunteerGenerator::placeIn(const City& city)
{
    return m_places.at(city.places.at(int(m_random.bounded(quint32(city.places.size())))));
}

Volunteer VolunteerGenerator::person(const Place& place)
{
    Volunteer v;
    v.id = uuid();
    // Most people are registered where they were born; the ID number keeps its birth county for life.
    const bool native = m_random.bounded(100) < 80 && m_birthCountySet.contains(place.county);
    v.idNumber = idNumber(native ? place.county : pick(m_birthCounties));
    v.gender = v.idNumber.at(16).digitValue() % 2 == 1 ? QStringLiteral("男") : QStringLiteral("女");
    v.name = name();
    v.mobile = mobile();
    v.politicalStatus = weighted(m_random, m_politicalStatus, QStringLiteral("中共党员"), 45);
    if (m_random.bounded(100) < 35)
        v.politicalStatus = QStringLiteral("群众");
    v.ethnicity = weighted(m_random, m_ethnicity, QStringLiteral("汉族"), 98);
    v.employer = employer(place);
    v.title = m_random.bounded(100) < 10 ? QString() : pick(m_titles);
    v.education = weighted(m_random, m_education, QStringLiteral("大学本科"), 50);
    v.occupation = pick(m_occupations);
    v.province = kProvince;
    v.city = place.city;
    v.county = place.county;
    v.serviceCategories = someOf(m_serviceCategories, 2);
    v.serviceFields = someOf(m_serviceFields, 2);
    v.threeHeads = m_random.bounded(100) < 10;
    return v;
}

Volunteer VolunteerGenerator::next()
{
    if (!m_province)
        return person(m_places.at(int(m_random.bounded(quint32(m_places.size())))));
    double draw = m_random.generateDouble() * m_totalWeight;
    for (const City& city : std::as_const(m_cities)) {
        draw -= city.weight;
        if (draw < 0)
            return person(placeIn(city));
    }
    return person(placeIn(m_cities.constLast()));
}

QList<Volunteer> VolunteerGenerator::take(int count)
{
    QList<Volunteer> volunteers;
    volunteers.reserve(count);
    for (int i = 0; i < count; ++i)
        volunteers << next();
    return volunteers;
}

QHash<QString, int> VolunteerGenerator::cityCounts(int total, const QHash<QString, int>& pinned)
{
    QHash<QString, int> counts;
    int left = total;
    double weight = 0;
    for (const CityWeight& census : kCensus2020) {
        const QString code = QString::fromUtf16(census.code);
        if (pinned.contains(code)) {
            counts.insert(code, pinned.value(code));
            left -= pinned.value(code);
        } else {
            weight += census.weight;
        }
    }
    if (left < 0)
        qFatal("VolunteerGenerator: the pinned cities hold more than %d people", total);
    // Largest remainder: every unpinned city gets the floor of its share, the rest go one by one to
    // the largest fractions (ties in code order), so the counts add up to `total` exactly.
    struct Share
    {
        QString code;
        double fraction;
    };
    QList<Share> shares;
    int given = 0;
    for (const CityWeight& census : kCensus2020) {
        const QString code = QString::fromUtf16(census.code);
        if (pinned.contains(code))
            continue;
        const double exact = left * census.weight / weight;
        const int floor = int(std::floor(exact));
        counts.insert(code, floor);
        given += floor;
        shares << Share{code, exact - floor};
    }
    std::stable_sort(shares.begin(), shares.end(),
                     [](const Share& a, const Share& b) { return a.fraction > b.fraction; });
    for (int i = 0; i < left - given; ++i)
        counts[shares.at(i % shares.size()).code] += 1;
    return counts;
}

QList<Volunteer> VolunteerGenerator::registry(int total, const QHash<QString, int>& pinned)
{
    if (!m_province)
        qFatal("VolunteerGenerator::registry needs the province scope");
    const QHash<QString, int> counts = cityCounts(total, pinned);
    QList<int> cityOfPerson;
    cityOfPerson.reserve(total);
    for (int c = 0; c < m_cities.size(); ++c)
        for (int i = 0; i < counts.value(m_cities.at(c).code); ++i)
            cityOfPerson << c;
    for (qsizetype i = cityOfPerson.size() - 1; i > 0; --i) // Fisher–Yates, seeded
        std::swap(cityOfPerson[i], cityOfPerson[qsizetype(m_random.bounded(quint64(i + 1)))]);
    QList<Volunteer> people;
    people.reserve(total);
    for (const int c : std::as_const(cityOfPerson))
        people << person(placeIn(m_cities.at(c)));
    return people;
}

QByteArray VolunteerGenerator::sheetHeader()
{
    return QStringLiteral("序号,真实姓名,手机号,性别,身份证号,政治面貌,民族,工作单位,职称,最高学历,从业类别,"
                          "所在区域省,所在区域市,所在区域县,服务类别,服务领域或行业,是否为基层“三长”\n")
        .toUtf8();
}

QStringList VolunteerGenerator::csvCells(const Volunteer& v)
{
    const QStringList fields{v.name,
                             v.mobile,
                             v.gender,
                             v.idNumber,
                             v.politicalStatus,
                             v.ethnicity,
                             v.employer,
                             v.title,
                             v.education,
                             v.occupation,
                             v.province,
                             v.city,
                             v.county,
                             v.serviceCategories.join(u'、'),
                             v.serviceFields.join(u'、'),
                             v.threeHeads ? QStringLiteral("是") : QStringLiteral("否")};
    QStringList cells;
    cells.reserve(fields.size());
    for (const QString& field : fields)
        cells << CsvParser::quote(field);
    return cells;
}

QByteArray VolunteerGenerator::sheetRow(const Volunteer& v, int number)
{
    return (QString::number(number) + u',' + csvCells(v).join(u',') + u'\n').toUtf8();
}

QByteArray VolunteerGenerator::sheet(const QList<Volunteer>& volunteers)
{
    QByteArray text = sheetHeader();
    for (qsizetype i = 0; i < volunteers.size(); ++i)
        text += sheetRow(volunteers.at(i), int(i + 1));
    return text;
}

} // namespace kjzy::bench
