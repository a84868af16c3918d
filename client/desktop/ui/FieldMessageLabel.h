#pragma once

#include <QLabel>

namespace kjzy::desktop {

// The message shown beside one form field: red for a broken rule, grey for advice. Hidden while
// empty so a valid form takes no extra room on a 768-pixel-high screen.
class FieldMessageLabel : public QLabel
{
    Q_OBJECT
public:
    enum class Kind
    {
        Error,
        Hint
    };

    explicit FieldMessageLabel(QWidget* parent = nullptr);

    void setMessage(const QString& message, Kind kind = Kind::Error);
    void clearMessage() { setMessage({}); }
    bool isError() const { return !text().isEmpty() && m_kind == Kind::Error; }

private:
    Kind m_kind = Kind::Error;
};

} // namespace kjzy::desktop
