#include "CheckList.h"

namespace kjzy::desktop {

CheckList::CheckList(QWidget* parent) : QListWidget(parent)
{
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformItemSizes(true);
    connect(this, &QListWidget::itemChanged, this, &CheckList::checkedChanged);
}

void CheckList::setOptions(const QStringList& values, const QStringList& keys)
{
    const QSignalBlocker block(this);
    clear();
    for (qsizetype i = 0; i < values.size(); ++i) {
        auto* item = new QListWidgetItem(values.at(i), this);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(Qt::UserRole, i < keys.size() ? keys.at(i) : values.at(i));
    }
}

QStringList CheckList::checkedKeys() const
{
    QStringList out;
    for (int i = 0; i < count(); ++i) {
        if (item(i)->checkState() == Qt::Checked)
            out << item(i)->data(Qt::UserRole).toString();
    }
    return out;
}

void CheckList::setCheckedKeys(const QStringList& keys)
{
    {
        const QSignalBlocker block(this);
        for (int i = 0; i < count(); ++i)
            item(i)->setCheckState(keys.contains(item(i)->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                                         : Qt::Unchecked);
    }
    emit checkedChanged();
}

} // namespace kjzy::desktop
