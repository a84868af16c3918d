#pragma once

#include <QAbstractSocket>
#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace kjzy::test {

// One HTTP answer read off a raw socket, for tests that must see exactly what crossed the wire
// (status, headers, when the connection closes) rather than what QNetworkAccessManager makes of it.
struct RawHttpAnswer
{
    int status = 0; // 0: no whole answer arrived
    QByteArray head;
    QByteArray body;

    QByteArray header(QByteArrayView name) const;
    QJsonObject json() const;
    QString describe() const { return QString::fromUtf8(head + body); }

    // Reads one whole answer (head and Content-Length body); bytes after it stay in `buffer` for
    // the next answer on a kept-alive connection. Empty if none arrived within `timeoutMs`.
    static RawHttpAnswer read(QAbstractSocket& socket, QByteArray& buffer, int timeoutMs);
};

} // namespace kjzy::test
