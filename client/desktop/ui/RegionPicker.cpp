#include "RegionPicker.h"

#include "reference/RegionTable.h"

#include <QComboBox>
#include <QHBoxLayout>

namespace kjzy::desktop {

RegionPicker::RegionPicker(QWidget* parent)
    : QWidget(parent), m_province(new QComboBox(this)), m_city(new QComboBox(this)),
      m_county(new QComboBox(this))
{
    m_province->setObjectName(QStringLiteral("provinceCombo"));
    m_city->setObjectName(QStringLiteral("cityCombo"));
    m_county->setObjectName(QStringLiteral("countyCombo"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_province, 2);
    layout->addWidget(m_city, 3);
    layout->addWidget(m_county, 4);
    setFocusProxy(m_city);
    const Region& henan = RegionTable::henan().province();
    m_province->addItem(henan.name, henan.code);
    // The registry covers Henan only: the province is shown for orientation, not chosen.
    m_province->setEnabled(false);
    connect(m_city, &QComboBox::currentIndexChanged, this, [this] {
        fillCounties();
        emit regionChanged();
    });
    connect(m_county, &QComboBox::currentIndexChanged, this, &RegionPicker::regionChanged);
}

void RegionPicker::configure(const QString& scope, const QString& noCityText, const QString& noCountyText)
{
    const RegionTable& table = RegionTable::henan();
    m_scope = table.find(scope) ? scope : table.province().code;
    m_noCountyText = noCountyText;
    const Region* region = table.find(m_scope);
    const QSignalBlocker block(m_city);
    m_city->clear();
    if (region->level == RegionLevel::Province) {
        m_city->addItem(noCityText.isEmpty() ? tr("(choose a city)") : noCityText, QString());
        for (const Region* city : table.cities())
            m_city->addItem(city->name, city->code);
    } else {
        const Region* city = region->level == RegionLevel::City ? region : table.find(region->parentCode);
        m_city->addItem(city->name, city->code);
    }
    m_city->setEnabled(m_city->count() > 1);
    fillCounties();
    emit regionChanged();
}

void RegionPicker::fillCounties()
{
    const RegionTable& table = RegionTable::henan();
    const QSignalBlocker block(m_county);
    m_county->clear();
    const QString cityCode = city();
    const Region* scope = table.find(m_scope);
    if (scope && (scope->level == RegionLevel::County || scope->level == RegionLevel::Zone)) {
        m_county->addItem(scope->name, scope->code);
    } else if (!cityCode.isEmpty()) {
        const QList<const Region*> counties = table.childrenOf(cityCode);
        if (counties.isEmpty()) {
            // 济源市 has no counties: it stands in the county position itself.
            m_county->addItem(table.find(cityCode)->name, cityCode);
        } else {
            m_county->addItem(m_noCountyText.isEmpty() ? tr("(choose a county)") : m_noCountyText, QString());
            for (const Region* county : counties)
                m_county->addItem(county->name, county->code);
        }
    } else {
        m_county->addItem(m_noCountyText.isEmpty() ? tr("(choose a county)") : m_noCountyText, QString());
    }
    m_county->setEnabled(m_county->count() > 1);
}

void RegionPicker::setRegion(const QString& city, const QString& county)
{
    if (const int index = m_city->findData(city); index >= 0)
        m_city->setCurrentIndex(index);
    if (const int index = m_county->findData(county.isEmpty() ? QString() : county); index >= 0)
        m_county->setCurrentIndex(index);
}

QString RegionPicker::province() const
{
    return m_province->currentData().toString();
}

QString RegionPicker::city() const
{
    return m_city->currentData().toString();
}

QString RegionPicker::county() const
{
    return m_county->currentData().toString();
}

QString RegionPicker::code() const
{
    if (!county().isEmpty())
        return county();
    if (!city().isEmpty())
        return city();
    return province();
}

} // namespace kjzy::desktop
