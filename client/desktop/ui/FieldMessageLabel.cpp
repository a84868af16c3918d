#include "FieldMessageLabel.h"

namespace kjzy::desktop {

FieldMessageLabel::FieldMessageLabel(QWidget* parent) : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setVisible(false);
}

void FieldMessageLabel::setMessage(const QString& message, Kind kind)
{
    m_kind = kind;
    setText(message);
    setStyleSheet(kind == Kind::Error ? QStringLiteral("color: #c62828;")
                                      : QStringLiteral("color: #555555;"));
    setVisible(!message.isEmpty());
}

} // namespace kjzy::desktop
