#include "TeamNameAdvisor.h"

#include "core/TextNormalizer.h"
#include "reference/ReferenceData.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <initializer_list>
#include <optional>

// The naming standard comes from 豫科协发〔2021〕33号 二（二） (summarised in DOMAIN.md, "The team
// hierarchy and the standard names", and in team_categories.csv): every team is named
// "<its region or its unit> + 科技志愿服务队", except the provincial general team, which is exactly
// 河南省科技志愿服务总队. The category follows from what stands in front of the suffix, so the
// advisor reads the name from its end: first the team word (队), then the stem's last word
// (农技协, 学会, 大学, 公司, ...), then the region table for 市/县/乡镇 stems.
//
// Decisions this file makes (the notice leaves them open):
// - The name is analysed in NFKC with all whitespace removed, so "金水区　科技志愿服务队" (with an
//   ideographic space) is the standard name typed untidily: standard, no issue, and the
//   whitespace-free form is offered as `suggestion`. Suggestions keep the user's own characters
//   (e.g. full-width brackets （）) for the part taken from the name.
// - "Standard" means the name follows its category's pattern. A 市/县/乡镇 name that follows the
//   pattern but names a region other than the team's own (cityCode/countyCode) stays standard; the
//   mismatch is reported as an extra issue, without a suggestion, because either the name or the
//   region cell may be the wrong one. A city team whose county lies inside the city is fine
//   (a 支队 is led from the city but its 科协 office sits in a district). University, society and
//   other unit teams are not tied to a region, so their region is not compared.
// - A stem ending 协会 (other than 农技协 and 科学技术协会): a provincial one (河南省…协会) is a
//   society (the notice's 全省学会 category covers 学会/协会/研究会); a local one named after a
//   县 or county-level city (洛宁县苹果协会), or one whose name says it is about farming (种植, 养殖,
//   果树, 蔬菜, ...), is a member unit of a 农技协 (rural_member, the notice's 某某协会科技志愿服务队
//   under 农技协); any other 协会 (e.g. an urban district's or a city's) is taken as a society, the
//   closest category for a non-rural association.
// - A stem ending 科协 / 科学技术协会 names the 科协 that leads the team, not the team: the notice
//   names 市/县/高校/企业 teams after the region or unit (郑州市科协 leads 郑州市科技志愿服务队), so
//   such names get the region's or unit's standard name as suggestion.
// - A name with a redundant region path (河南省郑州市…, 郑州市金水区…) follows the pattern only for
//   the innermost region's own name. A township name may keep its county in front
//   (管城回族区城东路街道), because township names repeat across counties (城关镇 exists in more
//   than twenty); with a longer path the suggestion keeps the county only when the name is ambiguous.
// - A name ending 科技志愿服务队 whose stem fits no category is accepted as standard with an empty
//   category when the stem looks like a unit's name (某某中心, 某某研究所, 某某中学, ...): the notice's
//   addressees include medical institutions and other units that use the same "…科技志愿服务队"
//   pattern, and the registry cannot know every unit's real name, so rejecting them would flood
//   the data-quality report with false alarms. Stems that cannot be a unit's name (empty, one
//   character, the template's 某某, left-over volunteer words) are not standard.
// - A recognised wrong team word (志愿者服务队, 志愿服务分队, 科技志愿者队, 科技服务队, ...总队 other
//   than the provincial one, or a trailing qualifier such as "（支队）") is replaced by
//   科技志愿服务队 when the stem's category can be inferred; otherwise the issue explains the rule
//   and no suggestion is made. A name with no team word at all (e.g. 志愿者协会) is not a team name:
//   no category and no suggestion.

namespace kjzy {

namespace {

constexpr QStringView kSuffix = u"科技志愿服务队";
constexpr QStringView kProvinceGeneral = u"河南省科技志愿服务总队";
constexpr QStringView kProvince = u"河南省";
constexpr QStringView kJiyuanCode = u"419001";

const RegionTable& regions()
{
    return ReferenceData::instance().regions();
}

bool endsWithAny(QStringView text, std::initializer_list<QStringView> words)
{
    for (const QStringView word : words) {
        if (text.size() > word.size() && text.endsWith(word))
            return true;
    }
    return false;
}

// Like endsWithAny, but the word alone (no unit name in front) also counts.
bool endsWithAnyOrIs(QStringView text, std::initializer_list<QStringView> words)
{
    for (const QStringView word : words) {
        if (text.endsWith(word))
            return true;
    }
    return false;
}

bool containsAny(QStringView text, std::initializer_list<QStringView> words)
{
    for (const QStringView word : words) {
        if (text.contains(word))
            return true;
    }
    return false;
}

// Every county-level region and functional zone, for prefix matching.
const QList<const Region*>& countyLevelRegions()
{
    static const QList<const Region*> list = [] {
        QList<const Region*> out;
        for (const Region* city : regions().cities()) {
            for (const Region* child : regions().childrenOf(city->code)) {
                if (child->level == RegionLevel::County || child->level == RegionLevel::Zone)
                    out.append(child);
            }
        }
        return out;
    }();
    return list;
}

// What the stem says about the team.
struct Inference
{
    QString category;             // team_categories.csv code; empty when none fits
    QString standardStem;         // the stem of the standard name (NFKC, no whitespace)
    QString regionWord;           // 市/县/乡镇 teams: the region as the name gives it
    QString regionCode;           // city and county teams: the region the name names
    QStringList townshipCounties; // township teams: the counties that have such a township
};

Inference inferred(const QString& category, const QString& standardStem)
{
    Inference inference;
    inference.category = category;
    inference.standardStem = standardStem;
    return inference;
}

Inference regionInference(const Region& region, const QString& word)
{
    Inference inference;
    // County-level cities (邓州市, 巩义市) and functional zones are county-level teams: the level in
    // the region table decides, not the 市 in the name.
    inference.category =
        region.level == RegionLevel::City ? QStringLiteral("city") : QStringLiteral("county");
    inference.standardStem = word;
    inference.regionWord = word;
    inference.regionCode = region.code;
    return inference;
}

Inference townshipInference(const QString& township, const QString& standardStem, const QStringList& counties)
{
    Inference inference;
    inference.category = QStringLiteral("township");
    inference.standardStem = standardStem;
    inference.regionWord = township;
    inference.townshipCounties = counties;
    return inference;
}

// A stem made of several regions: 河南省郑州市, 郑州市金水区, 金水区某某街道, 郑州市某某镇.
// The standard name uses the innermost region's own name (team_categories.csv: "{county} is the
// county-level region's own name").
std::optional<Inference> regionPath(const QString& stem)
{
    const RegionTable& table = regions();
    QStringView rest = stem;
    int parts = 0;
    if (rest.startsWith(kProvince)) {
        rest = rest.mid(kProvince.size());
        ++parts;
    }

    const Region* city = nullptr;
    QString cityWord;
    for (const Region* candidate : table.cities()) {
        QStringList words{candidate->name};
        if (candidate->code == kJiyuanCode)
            words << QStringLiteral("济源示范区") << QStringLiteral("济源产城融合示范区");
        for (const QString& word : std::as_const(words)) {
            if (rest.startsWith(word) && word.size() > cityWord.size()) {
                city = candidate;
                cityWord = word;
            }
        }
    }
    if (city) {
        rest = rest.mid(cityWord.size());
        ++parts;
    }

    const Region* county = nullptr;
    const QList<const Region*> counties = city ? table.childrenOf(city->code) : countyLevelRegions();
    for (const Region* candidate : counties) {
        if (rest.startsWith(candidate->name) && (!county || candidate->name.size() > county->name.size()))
            county = candidate;
    }
    if (county) {
        rest = rest.mid(county->name.size());
        ++parts;
    }

    if (!rest.isEmpty()) {
        if (!city && !county)
            return std::nullopt;
        QString township = rest.toString();
        QStringList everywhere = table.countiesWithTownship(township);
        // Some townships carry their region in their registered name (济源市沁园街道).
        bool prefixedName = false;
        if (everywhere.isEmpty()) {
            const QString prefixed = (county ? county->name : cityWord) + township;
            everywhere = table.countiesWithTownship(prefixed);
            if (!everywhere.isEmpty()) {
                township = prefixed;
                prefixedName = true;
            }
        }
        QStringList here;
        for (const QString& code : everywhere) {
            if (county ? code == county->code : table.contains(city->code, code))
                here.append(code);
        }
        if (here.size() != 1)
            return std::nullopt;
        const Region* townshipCounty = table.find(here.first());
        if (!townshipCounty)
            return std::nullopt;
        // Township names repeat across counties, so "<county><township>" is accepted and, for an
        // ambiguous name, is also what a longer path is reduced to.
        const QString qualified = prefixedName ? township : townshipCounty->name + township;
        const QString standardStem = (stem == qualified)     ? qualified
                                     : everywhere.size() > 1 ? qualified
                                                             : township;
        return townshipInference(township, standardStem, here);
    }
    if (parts < 2)
        return std::nullopt;
    if (county)
        return regionInference(*county, county->name);
    if (city)
        return regionInference(*city, cityWord);
    return std::nullopt;
}

// True when the 协会 is a local member unit of the rural technical association network rather
// than a (provincial) society; see the decision list at the top of the file.
bool isRuralMember(QStringView stem)
{
    if (stem.startsWith(kProvince) || stem.startsWith(u"河南"))
        return false;
    QStringView local = stem;
    for (const Region* city : regions().cities()) {
        if (local.startsWith(city->name)) {
            local = local.mid(city->name.size());
            break;
        }
    }
    // A 县 or county-level city is rural ground; an urban 区's or a zone's 协会 is not by itself.
    for (const Region* county : countyLevelRegions()) {
        if (county->level == RegionLevel::County && !county->name.endsWith(u'区') &&
            local.startsWith(county->name))
            return true;
    }
    return containsAny(stem,
                       {u"种植", u"养殖", u"养蜂", u"农业", u"农民",   u"农机", u"农产品", u"果树",
                        u"果业", u"果品", u"水果", u"蔬菜", u"食用菌", u"畜牧", u"家禽",   u"养猪",
                        u"养羊", u"养牛", u"水产", u"渔业", u"茶叶",   u"花卉", u"苗木",   u"中药材",
                        u"药材", u"烟叶", u"粮食", u"棉花", u"林果",   u"林业", u"蚕桑",   u"专业技术协会"});
}

bool isCollege(QStringView stem)
{
    // {university}{college}: the university part ends 大学/学院, the college part 学院/系
    // (team_categories.csv).
    const bool collegeEnding = (stem.endsWith(u"学院") && stem.size() > 2) || stem.endsWith(u"系");
    if (!collegeEnding)
        return false;
    for (const QStringView word : {QStringView(u"大学"), QStringView(u"学院")}) {
        for (qsizetype at = stem.indexOf(word); at >= 0; at = stem.indexOf(word, at + 1)) {
            if (at == 0)
                continue;
            const QStringView college = stem.mid(at + word.size());
            if ((college.endsWith(u"学院") && college.size() > 2) ||
                (college.endsWith(u"系") && college.size() > 1))
                return true;
        }
    }
    return false;
}

Inference classify(const QString& stem, const QString& countyCode);

// 某某科协 / 某某科学技术协会: the team is named after the region or unit the 科协 belongs to.
std::optional<Inference> ledByKexie(const QString& stem, const QString& countyCode)
{
    for (const QStringView word : {QStringView(u"科学技术协会"), QStringView(u"科协")}) {
        if (!stem.endsWith(word) || stem.size() == word.size())
            continue;
        Inference unit = classify(stem.chopped(word.size()), countyCode);
        static const QStringList ledByTheirKexie{
            QStringLiteral("province_general"), QStringLiteral("city"),       QStringLiteral("county"),
            QStringLiteral("township"),         QStringLiteral("university"), QStringLiteral("college"),
            QStringLiteral("enterprise"),       QStringLiteral("medical")};
        if (ledByTheirKexie.contains(unit.category))
            return unit;
        return std::nullopt;
    }
    return std::nullopt;
}

// The category of the part in front of 科技志愿服务队, most specific first, and the stem the
// standard name would have. Region names are matched exactly; unit kinds by their last word.
Inference classify(const QString& stem, const QString& countyCode)
{
    if (stem.isEmpty())
        return {};
    const RegionTable& table = regions();

    // 河南省…队 can only be the general team, whose name is fixed (河南省科技志愿服务总队).
    if (stem == kProvince || stem == u"河南")
        return inferred(QStringLiteral("province_general"), {});

    // The notice's categories 6-10 carry their kind in the name; these words also end stems that
    // start with a region (周口市科普大篷车, 洛宁县医学农技协), so they go before the region lookup.
    if (endsWithAnyOrIs(stem, {u"全媒体科普创作基地"}))
        return inferred(QStringLiteral("media_base"), stem);
    if (endsWithAnyOrIs(stem, {u"科普教育基地"}))
        return inferred(QStringLiteral("education_base"), stem);
    if (endsWithAnyOrIs(stem, {u"科普大篷车"}))
        return inferred(QStringLiteral("caravan"), stem);
    if (endsWithAnyOrIs(stem, {u"青少年"}))
        return inferred(QStringLiteral("youth"), stem);
    // 农技协 is short for 农村专业技术协会; both name a rural technical association.
    if (endsWithAnyOrIs(stem, {u"农技协", u"农村专业技术协会"}))
        return inferred(QStringLiteral("rural_association"), stem);

    // {society}{committee}: a 专委会 after the 学会/协会/研究会 it belongs to.
    for (const QStringView committee : {QStringView(u"专业委员会"), QStringView(u"专委会")}) {
        if (!stem.endsWith(committee))
            continue;
        const QStringView head = QStringView(stem).chopped(committee.size());
        for (const QStringView society :
             {QStringView(u"学会"), QStringView(u"协会"), QStringView(u"研究会")}) {
            const qsizetype at = head.lastIndexOf(society);
            if (at > 0 && at + society.size() < head.size())
                return inferred(QStringLiteral("society_committee"), stem);
        }
    }

    if (auto unit = ledByKexie(stem, countyCode))
        return *unit;

    // 市/县 teams: the stem is the region's own name (济源示范区 included, as findByName knows it).
    if (const Region* region = table.findByName(stem)) {
        if (region->level == RegionLevel::Province)
            return inferred(QStringLiteral("province_general"), {});
        return regionInference(*region, stem);
    }
    if (auto path = regionPath(stem))
        return *path;
    // 郑州 for 郑州市: a city named without its 市.
    if (const Region* city = table.findByName(stem + u'市'); city && city->level == RegionLevel::City)
        return regionInference(*city, city->name);

    // A township of the team's own county wins over unit words: townships such as 工业园区 or
    // 某某农场 would otherwise read as enterprises.
    const QStringList townshipCounties = table.countiesWithTownship(stem);
    if (!countyCode.isEmpty() && townshipCounties.contains(countyCode))
        return townshipInference(stem, stem, townshipCounties);
    // The same for a township registered with its region in front (沁园街道 for 济源市沁园街道).
    if (const Region* county = countyCode.isEmpty() ? nullptr : table.find(countyCode)) {
        if (table.countiesWithTownship(county->name + stem).contains(countyCode))
            return townshipInference(stem, stem, {countyCode});
    }

    if (isCollege(stem))
        return inferred(QStringLiteral("college"), stem);
    // 科学院 (河南省农业科学院) is a research academy, not a university.
    if ((endsWithAnyOrIs(stem, {u"高校"}) || endsWithAny(stem, {u"大学", u"学院", u"专科学校"})) &&
        !stem.endsWith(u"科学院"))
        return inferred(QStringLiteral("university"), stem);
    if (endsWithAny(stem, {u"医院", u"卫生院", u"医疗", u"医疗中心", u"保健院", u"卫生服务中心",
                           u"疾病预防控制中心", u"疾控中心"}))
        return inferred(QStringLiteral("medical"), stem);
    if (endsWithAny(stem, {u"学会", u"研究会"}))
        return inferred(QStringLiteral("society"), stem);
    if (endsWithAny(stem, {u"协会"}))
        return inferred(isRuralMember(stem) ? QStringLiteral("rural_member") : QStringLiteral("society"),
                        stem);
    if (endsWithAny(stem, {u"公司", u"集团", u"企业", u"园区", u"厂", u"产业园", u"工业园", u"科技园",
                           u"产业集聚区"}))
        return inferred(QStringLiteral("enterprise"), stem);

    if (!townshipCounties.isEmpty())
        return townshipInference(stem, stem, townshipCounties);
    return {};
}

// The team word at the end of a name: 科技志愿服务队 and its common variants (志愿者服务队,
// 志愿服务分队, 科技志愿者队, 科技服务队, 科普志愿服务队, ...服务团队). It must mention 志愿 or 服务,
// so that a unit's own 队 (某某突击队) is not taken for one.
struct TeamTail
{
    QString stem;
    QString tail;
};

std::optional<TeamTail> teamTail(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral(
        "^(.*?)((?:科技|科普)?(?:志愿者|志愿)?(?:服务)?(?:总队|分队|支队|大队|中队|小队|团队|队|团))$"));
    const auto match = pattern.match(name);
    if (!match.hasMatch())
        return std::nullopt;
    const QString tail = match.captured(2);
    if (!tail.contains(u"志愿") && !tail.contains(u"服务"))
        return std::nullopt;
    return TeamTail{match.captured(1), tail};
}

// Volunteer words left in front of the suffix: 金水区志愿者科技志愿服务队.
QString withoutVolunteerWords(const QString& stem)
{
    static const QRegularExpression pattern(
        QStringLiteral("(?:青年)?(?:科技|科普)?(?:志愿者|志愿)(?:服务)?$"));
    QString out = stem;
    out.remove(pattern);
    return out;
}

// Whether a stem no category claims can still be a unit's own name (see the decisions above).
bool plausibleUnitName(const QString& stem)
{
    return stem.size() >= 2 && !stem.contains(u"某某") && !stem.contains(u"志愿") && !stem.endsWith(u'队');
}

QString categoryLabel(const QString& category)
{
    static const QHash<QString, QString> labels{
        {QStringLiteral("province_general"), QStringLiteral("省科技志愿服务总队")},
        {QStringLiteral("city"), QStringLiteral("省辖市支队")},
        {QStringLiteral("county"), QStringLiteral("县（市、区）分队")},
        {QStringLiteral("township"), QStringLiteral("乡镇（街道）队伍")},
        {QStringLiteral("society"), QStringLiteral("学会（协会、研究会）队伍")},
        {QStringLiteral("society_committee"), QStringLiteral("学会专委会队伍")},
        {QStringLiteral("university"), QStringLiteral("高校队伍")},
        {QStringLiteral("college"), QStringLiteral("高校院系队伍")},
        {QStringLiteral("enterprise"), QStringLiteral("企业（园区）队伍")},
        {QStringLiteral("rural_association"), QStringLiteral("农技协队伍")},
        {QStringLiteral("rural_member"), QStringLiteral("农技协成员单位队伍")},
        {QStringLiteral("youth"), QStringLiteral("青少年科技志愿服务队")},
        {QStringLiteral("caravan"), QStringLiteral("科普大篷车队伍")},
        {QStringLiteral("education_base"), QStringLiteral("科普教育基地队伍")},
        {QStringLiteral("media_base"), QStringLiteral("全媒体科普创作基地队伍")},
        {QStringLiteral("medical"), QStringLiteral("医疗机构队伍")},
    };
    if (const auto it = labels.constFind(category); it != labels.cend())
        return *it;
    const TeamCategory* fromCsv = ReferenceData::instance().teamCategory(category);
    return fromCsv ? fromCsv->name : QStringLiteral("该类队伍");
}

// The user's own spelling (whitespace removed) of the part of the name whose NFKC form is
// `normalizedPrefix`, so that a suggestion keeps e.g. full-width brackets; the normalised text
// when no prefix of the typed name maps to it (the stem came from the region table).
QString typedPrefix(const QString& typed, const QString& normalizedPrefix)
{
    for (qsizetype length = 0; length <= typed.size(); ++length) {
        const QString candidate = typed.left(length);
        if (TextNormalizer::lookupKey(candidate) == normalizedPrefix)
            return candidate;
    }
    return normalizedPrefix;
}

QString standardName(const Inference& inference, const QString& typed, const QString& key)
{
    if (inference.category == u"province_general")
        return kProvinceGeneral.toString();
    QString stem = key.startsWith(inference.standardStem) ? typedPrefix(typed, inference.standardStem)
                                                          : inference.standardStem;
    stem += kSuffix;
    return stem;
}

// 市/县/乡镇 teams only: an issue when the name names another region than the team's cells.
QString regionMismatch(const Inference& inference, const QString& cityCode, const QString& countyCode)
{
    const RegionTable& table = regions();
    const bool cityKnown = !cityCode.isEmpty() && table.find(cityCode);
    const bool countyKnown = !countyCode.isEmpty() && table.find(countyCode);
    bool mismatch = false;
    if (inference.category == u"city") {
        mismatch = (cityKnown && cityCode != inference.regionCode) ||
                   (countyKnown && !table.contains(inference.regionCode, countyCode));
    } else if (inference.category == u"county") {
        mismatch = countyKnown ? countyCode != inference.regionCode
                               : cityKnown && !table.contains(cityCode, inference.regionCode);
    } else if (inference.category == u"township") {
        if (countyKnown) {
            mismatch = !inference.townshipCounties.contains(countyCode);
        } else if (cityKnown) {
            mismatch = std::none_of(inference.townshipCounties.cbegin(), inference.townshipCounties.cend(),
                                    [&](const QString& code) { return table.contains(cityCode, code); });
        }
    } else {
        return {};
    }
    if (!mismatch)
        return {};
    const QString teamRegion = table.displayName(countyKnown ? countyCode : cityCode);
    return QStringLiteral("组织名称中的地区“%1”与队伍所在区域“%2”不一致，请核对组织名称或所在区域")
        .arg(inference.regionWord, teamRegion);
}

QString ruleMessage(const QString& typedName)
{
    return QStringLiteral("组织名称“%1”不符合规范：名称应以“科技志愿服务队”结尾，"
                          "由所在地区或单位的名称加“科技志愿服务队”组成，"
                          "如“某某市科技志愿服务队”“某某县科技志愿服务队”“某某学会科技志愿服务队”")
        .arg(typedName);
}

} // namespace

TeamNameAdvice TeamNameAdvisor::advise(const QString& name, const QString& cityCode,
                                       const QString& countyCode)
{
    TeamNameAdvice advice;
    const QString original = name.trimmed();
    const QString typed = TextNormalizer::removeWhitespace(name);
    const QString key = TextNormalizer::lookupKey(name);
    if (key.isEmpty()) {
        advice.issues << QStringLiteral("组织名称为空");
        return advice;
    }
    // Whitespace inside a standard name is untidy typing, not a breach of the standard.
    const auto tidy = [&] { return typed != original ? typed : QString(); };

    if (key == kProvinceGeneral) {
        advice.category = QStringLiteral("province_general");
        advice.standard = true;
        advice.suggestion = tidy();
        return advice;
    }

    // A qualifier after the team word ("郑州市科技志愿服务队（支队）", the CSV's label) is not part
    // of the standard name.
    QString body = key;
    bool qualified = false;
    if (body.endsWith(u')')) {
        const qsizetype open = body.lastIndexOf(u'(');
        if (open > 0 && teamTail(body.left(open))) {
            body.truncate(open);
            qualified = true;
        }
    }

    const auto tail = teamTail(body);
    if (!tail) {
        advice.issues << ruleMessage(original);
        return advice;
    }
    const bool standardTail = !qualified && tail->tail == kSuffix;
    const QString& stem = tail->stem;

    Inference inference = classify(stem, countyCode);
    if (inference.category.isEmpty() && stem.contains(u"志愿")) {
        if (const QString cleaned = withoutVolunteerWords(stem); cleaned != stem)
            inference = classify(cleaned, countyCode);
    }

    if (inference.category.isEmpty()) {
        if (standardTail && plausibleUnitName(stem)) {
            advice.standard = true;
            advice.suggestion = tidy();
        } else if (standardTail && stem.contains(u"某某")) {
            advice.issues << QStringLiteral("组织名称“%1”不符合规范：“某某”应替换为所在地区或单位的实际名称")
                                 .arg(original);
        } else if (standardTail) {
            advice.issues << QStringLiteral(
                                 "组织名称“%1”不符合规范：“科技志愿服务队”前应为所在地区或单位的名称")
                                 .arg(original);
        } else {
            advice.issues << ruleMessage(original);
        }
        return advice;
    }

    advice.category = inference.category;
    advice.standard =
        standardTail && inference.category != u"province_general" && inference.standardStem == stem;
    if (advice.standard) {
        advice.suggestion = tidy();
    } else {
        advice.suggestion = standardName(inference, typed, key);
        advice.issues << QStringLiteral("组织名称不符合规范：%1的规范名称应为“%2”")
                             .arg(categoryLabel(inference.category), advice.suggestion);
    }
    if (const QString mismatch = regionMismatch(inference, cityCode, countyCode); !mismatch.isEmpty())
        advice.issues << mismatch;
    return advice;
}

} // namespace kjzy
