#include "VolunteerGenerator.h"

#include "reference/ReferenceData.h"
#include "validation/IdNumber.h"

#include <QUuid>

namespace kjzy::bench {

namespace {

// The most common surnames of Henan and a pool of given-name characters.
const QString kSurnames = QStringLiteral(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
    "阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹常武乔贺申牛");
const QString kGivenChars = QStringLiteral(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞建国志新亮宇浩凯晨欣雪梅琳丹辉斌波宁婷"
    "慧颖佳俊峰博文莉兰燕海林鑫振昊睿思雨晓东卫民红利春秋");
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

// Picks `value` with probability `percent`, else one of the others uniformly.
QString weighted(QRandomGenerator& random, const QStringList& values, const QString& value, int percent)
{
    if (values.contains(value) && int(random.bounded(100)) < percent)
        return value;
    return values.at(int(random.bounded(quint32(values.size()))));
}

} // namespace

VolunteerGenerator::VolunteerGenerator(quint32 seed) : m_random(seed)
{
    const ReferenceData& ref = ReferenceData::instance();
    const RegionTable& regions = ref.regions();
    for (const Region* city : regions.cities()) {
        const QList<const Region*> counties = regions.childrenOf(city->code);
        if (counties.isEmpty()) // 济源市 stands in both the city and the county position
            m_places << Place{city->code, city->code, city->name};
        for (const Region* county : counties) {
            m_places << Place{city->code, county->code, county->name};
            if (county->level == RegionLevel::County)
                m_birthCounties << county->code;
        }
    }
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
    QString name = kSurnames.at(m_random.bounded(int(kSurnames.size())));
    const int given = m_random.bounded(100) < 70 ? 2 : 1;
    for (int i = 0; i < given; ++i)
        name += kGivenChars.at(m_random.bounded(int(kGivenChars.size())));
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
    const QDate earliest(1950, 1, 1);
    const int span = int(earliest.daysTo(QDate(2004, 12, 31)));
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
    const int count = 1 + m_random.bounded(most);
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

Volunteer VolunteerGenerator::next()
{
    Volunteer v;
    v.id = uuid();
    const Place& place = m_places.at(m_random.bounded(int(m_places.size())));
    // Most people are registered where they were born; the ID number keeps its birth county for life.
    const bool native = m_random.bounded(100) < 80 && m_birthCounties.contains(place.county);
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
    v.province = QStringLiteral("410000");
    v.city = place.city;
    v.county = place.county;
    v.serviceCategories = someOf(m_serviceCategories, 2);
    v.serviceFields = someOf(m_serviceFields, 2);
    v.threeHeads = m_random.bounded(100) < 10;
    return v;
}

QList<Volunteer> VolunteerGenerator::take(int count)
{
    QList<Volunteer> volunteers;
    volunteers.reserve(count);
    for (int i = 0; i < count; ++i)
        volunteers << next();
    return volunteers;
}

} // namespace kjzy::bench
