#pragma once

#include <QWidget>

class QComboBox;

namespace kjzy::desktop {

// Province → city → county drop-downs filled from the compiled-in region table (GB/T 2260 plus
// the NBS functional zones). The choices never leave the device's scope: a county clerk sees only
// the county, a city clerk the city's counties.
class RegionPicker : public QWidget
{
    Q_OBJECT
public:
    explicit RegionPicker(QWidget* parent = nullptr);

    // `scope`: the region the choices must lie in (410000 for the whole province). An empty
    // `noCityText`/`noCountyText` makes a city/county compulsory; otherwise it labels the entry
    // that stops at the level above (e.g. “（全省）”).
    void configure(const QString& scope, const QString& noCityText, const QString& noCountyText);
    // Selects a city and county when they are among the choices.
    void setRegion(const QString& city, const QString& county);

    QString province() const;
    QString city() const;
    QString county() const;
    // The most specific code chosen: county, else city, else the province.
    QString code() const;

    QComboBox* provinceCombo() const { return m_province; }
    QComboBox* cityCombo() const { return m_city; }
    QComboBox* countyCombo() const { return m_county; }

signals:
    void regionChanged();

private:
    void fillCounties();

    QComboBox* m_province;
    QComboBox* m_city;
    QComboBox* m_county;
    QString m_scope;
    QString m_noCountyText;
};

} // namespace kjzy::desktop
