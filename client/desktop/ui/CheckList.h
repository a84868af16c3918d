#pragma once

#include <QListWidget>

namespace kjzy::desktop {

// A multi-select field (服务类别, 服务领域或行业, 所属队伍): one check box per allowed value.
// Space toggles the current item, so the field works from the keyboard.
class CheckList : public QListWidget
{
    Q_OBJECT
public:
    explicit CheckList(QWidget* parent = nullptr);

    // `values`: shown texts; `keys`: what checkedKeys() returns (the texts when empty).
    void setOptions(const QStringList& values, const QStringList& keys = {});
    QStringList checkedKeys() const;
    void setCheckedKeys(const QStringList& keys);

signals:
    void checkedChanged();
};

} // namespace kjzy::desktop
