// Header-only, so that a suite can use it without a change to tests/support/CMakeLists.txt.
#pragma once

#include "reference/ReferenceData.h"
#include "validation/IdNumber.h"

#include <QByteArray>
#include <QDate>
#include <QRandomGenerator>
#include <QSet>
#include <QStringList>

#include <algorithm>

namespace kjzy::test {

// 附件2 rows (UTF-8 CSV, for `kjzy import`) of valid, distinct, realistic people living in `scope`
// (a county, a city or the province 410000), from a seed: Chinese names, GB 11643 ID numbers
// (birth county anywhere in Henan, no number twice), mobiles 13x–19x, value-list fields drawn from
// the reference lists, employers named after the county. Random enough that the sealed change sets
// compress like real registrations (the transfer suites need change sets of realistic size).
class VolunteerSheetGenerator
{
public:
    VolunteerSheetGenerator(quint32 seed, const QString& scope) : m_random(seed)
    {
        const ReferenceData& ref = ReferenceData::instance();
        const RegionTable& regions = ref.regions();
        for (const Region* city : regions.cities()) {
            const QList<const Region*> counties = regions.childrenOf(city->code);
            if (counties.isEmpty()) // 济源市 stands in both the city and the county position
                addPlace(scope, city->code, city->code, city->name);
            for (const Region* county : counties) {
                addPlace(scope, city->code, county->code, county->name);
                if (county->level == RegionLevel::County)
                    m_birthCounties << county->code;
            }
        }
        if (m_places.isEmpty())
            qFatal("VolunteerSheetGenerator: no county in scope %s", qPrintable(scope));
        m_politicalStatus = ref.politicalStatus().values();
        m_ethnicity = ref.ethnicity().values();
        m_education = ref.education().values();
        m_titles = ref.professionalTitle().values();
        m_occupations = ref.occupation().values();
        m_serviceCategories = ref.serviceCategories().values();
        m_serviceFields = ref.serviceFields().values();
    }

    static QByteArray header()
    {
        return QStringLiteral(
                   "序号,真实姓名,手机号,性别,身份证号,政治面貌,民族,工作单位,职称,最高学历,从业类别,"
                   "所在区域省,所在区域市,所在区域县,服务类别,服务领域或行业,是否为基层“三长”\n")
            .toUtf8();
    }

    QByteArray csv(int count)
    {
        QByteArray text = header();
        for (int i = 0; i < count; ++i)
            text += row(i + 1);
        return text;
    }

    QByteArray row(int number)
    {
        const Place& place = m_places.at(int(m_random.bounded(quint32(m_places.size()))));
        const bool native = m_random.bounded(100) < 80 && m_birthCounties.contains(place.county);
        const QString id = idNumber(native ? place.county : pick(m_birthCounties));
        const QString gender = id.at(16).digitValue() % 2 == 1 ? QStringLiteral("男") : QStringLiteral("女");
        const QString political =
            m_random.bounded(100) < 35 ? QStringLiteral("群众") : pick(m_politicalStatus);
        const QString ethnicity = m_random.bounded(100) < 95 ? QStringLiteral("汉族") : pick(m_ethnicity);
        const QString employer = m_random.bounded(100) < 20 ? pick(kProvincialEmployers())
                                                            : place.countyName + pick(kEmployerKinds());
        const QString title = m_random.bounded(100) < 10 ? QString() : pick(m_titles);
        const QStringList fields{QString::number(number),
                                 name(),
                                 mobile(),
                                 gender,
                                 id,
                                 political,
                                 ethnicity,
                                 employer,
                                 title,
                                 pick(m_education),
                                 pick(m_occupations),
                                 QStringLiteral("410000"),
                                 place.city,
                                 place.county,
                                 someOf(m_serviceCategories, 2).join(u'、'),
                                 someOf(m_serviceFields, 2).join(u'、'),
                                 m_random.bounded(100) < 10 ? QStringLiteral("是") : QStringLiteral("否")};
        QStringList cells;
        for (const QString& field : fields)
            cells << csvCell(field);
        return (cells.join(u',') + u'\n').toUtf8();
    }

private:
    struct Place
    {
        QString city;
        QString county;
        QString countyName;
    };

    static const QStringList& kProvincialEmployers()
    {
        static const QStringList names{QStringLiteral("郑州大学"),         QStringLiteral("河南大学"),
                                       QStringLiteral("河南农业大学"),     QStringLiteral("河南科技大学"),
                                       QStringLiteral("河南省农业科学院"), QStringLiteral("河南省人民医院")};
        return names;
    }

    static const QStringList& kEmployerKinds()
    {
        static const QStringList kinds{QStringLiteral("人民医院"),        QStringLiteral("中医院"),
                                       QStringLiteral("第一高级中学"),    QStringLiteral("实验小学"),
                                       QStringLiteral("农业农村局"),      QStringLiteral("科学技术协会"),
                                       QStringLiteral("职业教育中心"),    QStringLiteral("林业局"),
                                       QStringLiteral("气象局"),          QStringLiteral("疾病预防控制中心"),
                                       QStringLiteral("农业技术推广中心")};
        return kinds;
    }

    static QString csvCell(QString text)
    {
        if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n'))
            return text;
        return u'"' + text.replace(QStringLiteral("\""), QStringLiteral("\"\"")) + u'"';
    }

    void addPlace(const QString& scope, const QString& city, const QString& county, const QString& name)
    {
        const bool inScope =
            scope == u"410000" || scope == county || (scope.endsWith(u"00") && scope == city);
        if (inScope)
            m_places << Place{city, county, name};
    }

    QString pick(const QStringList& values)
    {
        return values.at(int(m_random.bounded(quint32(values.size()))));
    }

    QString name()
    {
        static const QString surnames = QStringLiteral(
            "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶"
            "阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹常武乔贺申"
            "牛");
        static const QString given = QStringLiteral(
            "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞建国志新亮宇浩凯晨欣雪梅琳丹辉斌波宁婷"
            "慧颖佳俊峰博文莉兰燕海林鑫振昊睿思雨晓东卫民利春秋");
        QString name = surnames.at(int(m_random.bounded(quint32(surnames.size()))));
        const int count = m_random.bounded(100) < 70 ? 2 : 1;
        for (int i = 0; i < count; ++i)
            name += given.at(int(m_random.bounded(quint32(given.size()))));
        return name;
    }

    QString mobile()
    {
        QString number = QStringLiteral("1") + QString::number(3 + m_random.bounded(7));
        for (int i = 0; i < 9; ++i)
            number += QChar(u'0' + m_random.bounded(10));
        return number;
    }

    // GB 11643-1999: address code (6) ‖ birth date (8) ‖ order code (3) ‖ check character.
    QString idNumber(const QString& birthCounty)
    {
        const QDate earliest(1950, 1, 1);
        const int span = int(earliest.daysTo(QDate(2004, 12, 31)));
        for (;;) {
            const QDate birth = earliest.addDays(m_random.bounded(span + 1));
            const QString first17 = birthCounty + birth.toString(QStringLiteral("yyyyMMdd")) +
                                    QStringLiteral("%1").arg(m_random.bounded(1000), 3, 10, QLatin1Char('0'));
            if (m_used.contains(first17))
                continue;
            m_used.insert(first17);
            return first17 + IdNumber::checkCharacter(first17);
        }
    }

    QStringList someOf(const QStringList& values, int most)
    {
        QStringList chosen;
        const int count = 1 + int(m_random.bounded(quint32(most)));
        while (chosen.size() < count) {
            const QString value = pick(values);
            if (!chosen.contains(value))
                chosen << value;
        }
        std::sort(chosen.begin(), chosen.end(),
                  [&](const QString& a, const QString& b) { return values.indexOf(a) < values.indexOf(b); });
        return chosen;
    }

    QRandomGenerator m_random;
    QList<Place> m_places;
    QStringList m_birthCounties;
    QSet<QString> m_used;
    QStringList m_politicalStatus;
    QStringList m_ethnicity;
    QStringList m_education;
    QStringList m_titles;
    QStringList m_occupations;
    QStringList m_serviceCategories;
    QStringList m_serviceFields;
};

} // namespace kjzy::test
