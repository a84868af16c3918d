#include "RetryDeadline.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QRandomGenerator>
#include <QTimer>

#include <memory>

namespace kjzy {

RetryDeadline::RetryDeadline(qint64 budgetMs, const HttpLinkOptions& backoff, Hooks hooks)
    : m_budgetMs(budgetMs), m_backoff(backoff), m_hooks(std::move(hooks))
{
    if (!m_hooks.nowMs) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        m_hooks.nowMs = [timer] { return timer->elapsed(); };
    }
    if (!m_hooks.sleepMs) {
        // Waiting in an event loop, not a sleep: whatever else lives on this thread keeps running.
        m_hooks.sleepMs = [](int ms) {
            QEventLoop pause;
            QTimer::singleShot(ms, &pause, &QEventLoop::quit);
            pause.exec();
        };
    }
    if (!m_hooks.unitRandom)
        m_hooks.unitRandom = [] { return QRandomGenerator::global()->generateDouble(); };
    m_startMs = m_hooks.nowMs();
}

qint64 RetryDeadline::elapsedMs() const
{
    return m_hooks.nowMs() - m_startMs;
}

qint64 RetryDeadline::remainingMs() const
{
    return m_budgetMs - elapsedMs();
}

bool RetryDeadline::backOff()
{
    const int wait = HttpLink::backoffMs(m_failuresInARow, m_backoff, m_hooks.unitRandom());
    if (wait >= remainingMs())
        return false;
    ++m_failuresInARow;
    m_hooks.sleepMs(wait);
    m_waitedMs += wait;
    return !expired();
}

} // namespace kjzy
