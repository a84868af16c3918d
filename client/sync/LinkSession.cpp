#include "LinkSession.h"

#include <QLoggingCategory>

#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace kjzy {

namespace {

QString secondsText(qint64 ms)
{
    return ms % 1000 == 0 ? QString::number(ms / 1000) : QString::number(double(ms) / 1000.0, 'f', 1);
}

} // namespace

LinkSession::LinkSession(HttpLink& link, RetryDeadline& deadline) : m_link(link), m_deadline(deadline) {}

Result<HttpReply> LinkSession::post(const QString& path, const QByteArray& body,
                                    const QByteArray& contentType, const HttpHeaders& headers,
                                    std::function<void(qint64 done, qint64 total)> uploadProgress)
{
    const qint64 remaining = std::max<qint64>(1, m_deadline.remainingMs());
    HttpCall call;
    call.attempts = 1;
    call.freshConnection = m_freshConnections;
    call.sendBodyOnce = true; // a cut chunk is resumed from the server's offset, not re-sent whole
    // A stalled transfer fails after the link's usual idle time, or earlier when the deadline comes
    // first; a slow but moving one is cut at the deadline.
    call.timeoutMs = int(std::min<qint64>(remaining, 30'000));
    call.maxDurationMs = remaining;
    call.uploadProgress = std::move(uploadProgress);
    m_lastPath = path;
    m_lastBodyBytes = body.size();
    return m_link.post(path, body, contentType, headers, call);
}

std::optional<Error> LinkSession::giveUpOrWait(const Error& error)
{
    if (error.code != ErrorCode::Network || !m_link.lastFailureTransient())
        return error;
    ++m_failures;
    m_freshConnections = true;
    qCInfo(lcSync, "POST %s (%lld bytes) failed (%s); %lld ms of %lld left", qPrintable(m_lastPath),
           m_lastBodyBytes, qPrintable(error.message), m_deadline.remainingMs(), m_deadline.budgetMs());
    if (m_deadline.backOff())
        return std::nullopt;
    return Error{ErrorCode::Network,
                 QStringLiteral("同步未能在 %1 秒内完成，最后一次错误：%2。已送达的部分保存在服务器上，"
                                "重新运行 kjzy sync 会从中断处继续")
                     .arg(secondsText(m_deadline.budgetMs()), error.message)};
}

} // namespace kjzy
