#include "RawHttpAnswer.h"

#include <QDeadlineTimer>
#include <QJsonDocument>

#include <algorithm>

namespace kjzy::test {

QByteArray RawHttpAnswer::header(QByteArrayView name) const
{
    for (const QByteArray& line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line).first(colon).compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

QJsonObject RawHttpAnswer::json() const
{
    return QJsonDocument::fromJson(body).object();
}

RawHttpAnswer RawHttpAnswer::read(QAbstractSocket& socket, QByteArray& buffer, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    RawHttpAnswer answer;
    for (;;) {
        buffer += socket.readAll();
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            answer.head = buffer.left(headEnd + 2);
            answer.status = buffer.mid(9, 3).toInt();
            const qint64 length = answer.header("content-length").toLongLong();
            if (buffer.size() >= headEnd + 4 + length) {
                answer.body = buffer.mid(headEnd + 4, length);
                buffer.remove(0, headEnd + 4 + length);
                return answer;
            }
        }
        if (deadline.hasExpired() || socket.state() == QAbstractSocket::UnconnectedState) {
            buffer += socket.readAll();
            if (socket.bytesAvailable() == 0 && (deadline.hasExpired() || !buffer.contains("\r\n\r\n")))
                return {};
            continue;
        }
        socket.waitForReadyRead(int(std::max<qint64>(1, std::min<qint64>(deadline.remainingTime(), 500))));
    }
}

} // namespace kjzy::test
