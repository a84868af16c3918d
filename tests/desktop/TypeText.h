#pragma once

#include <QTest>
#include <QWidget>

namespace kjzy::desktop {

// QTest::keyClicks sends Latin-1 only: Chinese text goes as key events carrying the text, as an
// input method delivers it.
inline void typeText(QWidget* widget, const QString& text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x80)
            QTest::keyClick(widget, char(c.unicode()));
        else
            QTest::sendKeyEvent(QTest::Click, widget, Qt::Key_unknown, QString(c), Qt::NoModifier);
    }
}

} // namespace kjzy::desktop
