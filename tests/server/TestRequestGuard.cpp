// The server's early request guard (RequestGuard, GuardedConnection, HttpRequestScanner): a real
// kjzy-server process on 127.0.0.1:0 spoken to with raw sockets, so every byte on the wire is the
// test's own; plus the request framing alone, without sockets.
#include "support/CliRunner.h"
#include "support/RawHttpAnswer.h"
#include "support/ServerProcess.h"

#include "http/HttpRequestScanner.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using namespace kjzy;
using namespace kjzy::test;

namespace {

constexpr qint64 kMiB = 1024 * 1024;
constexpr int kIdleSeconds = 3; // --idle-timeout of the suite's server
constexpr int kHeadSeconds = 2; // --head-timeout
constexpr int kWaitMs = 20000;  // generous: CI runs sanitized Debug builds
// The access-log line of a request the /v1/push handler saw.
const QString kPushHandled = QStringLiteral("POST /v1/push ->");

using RawAnswer = RawHttpAnswer;

RawAnswer readAnswer(QTcpSocket& socket, QByteArray& buffer, int timeoutMs = kWaitMs)
{
    return RawHttpAnswer::read(socket, buffer, timeoutMs);
}

// True once the server closed the connection (EOF or reset), within `timeoutMs`.
bool waitForClose(QTcpSocket& socket, int timeoutMs = kWaitMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (socket.state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
        socket.waitForReadyRead(int(std::max<qint64>(1, std::min<qint64>(deadline.remainingTime(), 500))));
        socket.readAll();
    }
    return socket.state() == QAbstractSocket::UnconnectedState;
}

// The resident set of a process in bytes (Linux /proc), -1 if unreadable.
qint64 residentBytes(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() * 1024;
    }
    return -1;
}

QByteArray healthRequest()
{
    return QByteArrayLiteral("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

} // namespace

class TestRequestGuard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_data;
    std::unique_ptr<ServerProcess> m_server;
    QString m_log; // what the server logged so far (ServerProcess::log() hands out each line once)

    quint16 port() const { return quint16(m_server->url().port()); }

    // What the server logged so far; QProcess reads its stderr from the event loop, so checks for a
    // line wait with QTRY_*.
    QString serverLog()
    {
        m_log += m_server->log();
        return m_log;
    }

    qsizetype logCount(const QString& part) { return serverLog().count(part); }

    bool connectTo(QTcpSocket& socket, quint16 toPort)
    {
        socket.connectToHost(QHostAddress::LocalHost, toPort);
        return socket.waitForConnected(kWaitMs);
    }

    // The server still answers a fresh connection after whatever the test did to it.
    void verifyServerHealthy()
    {
        QTcpSocket socket;
        QVERIFY(connectTo(socket, port()));
        socket.write(healthRequest());
        QByteArray buffer;
        const RawAnswer answer = readAnswer(socket, buffer);
        QVERIFY2(answer.status == 200, qPrintable(answer.describe() + serverLog()));
        QCOMPARE(answer.body, QByteArray("ok"));
    }

    // verifyServerHealthy(), then wait until its access-log line is in: everything the server
    // logged before it is in too (one thread, one stderr).
    void verifyServerHealthyAndLogged()
    {
        const QString line = QStringLiteral("GET /v1/health -> 200");
        const qsizetype before = logCount(line);
        verifyServerHealthy();
        QTRY_VERIFY_WITH_TIMEOUT(logCount(line) > before, kWaitMs);
    }

    // A refusal in the server's own error style: status, JSON {"error", "message"}, then closed.
    void verifyRefusal(QTcpSocket& socket, int status, const QString& errorName, const QString& messagePart)
    {
        QByteArray buffer;
        const RawAnswer answer = readAnswer(socket, buffer);
        QVERIFY2(answer.status == status, qPrintable(answer.describe() + serverLog()));
        QCOMPARE(answer.header("connection"), QByteArray("close"));
        QVERIFY(answer.header("content-type").startsWith("application/json"));
        QCOMPARE(answer.json().value(QStringLiteral("error")).toString(), errorName);
        const QString message = answer.json().value(QStringLiteral("message")).toString();
        QVERIFY2(message.contains(messagePart), qPrintable(message));
        QVERIFY2(waitForClose(socket), "the server kept the connection open after refusing");
    }

private slots:
    void initTestCase()
    {
        VERIFY_CLI_PREREQUISITES();
        QVERIFY2(QFileInfo::exists(serverPath()), qPrintable(serverPath()));
        QVERIFY(m_dir.isValid());
        m_data = m_dir.filePath(QStringLiteral("server"));
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("init")}), 0);
        QString error;
        m_server = ServerProcess::start(m_data, &error,
                                        {QStringLiteral("--idle-timeout"), QString::number(kIdleSeconds),
                                         QStringLiteral("--head-timeout"), QString::number(kHeadSeconds)});
        QVERIFY2(m_server, qPrintable(error));
    }

    void cleanupTestCase() { m_server.reset(); }

    // ---- the framing alone -------------------------------------------------------------------

    // Three requests (the middle one with a body that looks like a head) split at every possible
    // chunk size: the scanner finds the same three boundaries each time.
    void scannerFollowsBoundariesWhateverTheChunking()
    {
        const QByteArray body = "GET /evil HTTP/1.1\r\n\r\nxx";
        const QByteArray stream = "\r\nGET /v1/health HTTP/1.1\r\nHost: a\r\n\r\n"
                                  "POST /v1/pull HTTP/1.1\r\nHost: a\r\nContent-Length: " +
                                  QByteArray::number(body.size()) + "\r\n\r\n" + body +
                                  "GET /v1/health HTTP/1.0\nHost: a\n\n";
        for (qsizetype chunk = 1; chunk <= stream.size(); ++chunk) {
            HttpRequestScanner scanner(16 * 1024, 1024);
            for (qsizetype at = 0; at < stream.size(); at += chunk) {
                const auto refusal =
                    scanner.feed(QByteArrayView(stream).sliced(at, std::min(chunk, stream.size() - at)));
                if (refusal)
                    QFAIL(qPrintable(QStringLiteral("chunk %1: %2").arg(chunk).arg(refusal->error.message)));
            }
            QCOMPARE(scanner.requestsCompleted(), 3);
            QCOMPARE(scanner.headsStarted(), 3);
            QCOMPARE(scanner.phase(), HttpRequestScanner::Phase::BetweenRequests);
        }
    }

    void scannerRefuses_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<int>("status");
        QTest::newRow("declared body over the limit")
            << QByteArray("POST /v1/push HTTP/1.1\r\nContent-Length: 1025\r\n\r\n") << 413;
        QTest::newRow("chunked") << QByteArray("POST /v1/push HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                                 << 411;
        QTest::newRow("any transfer coding")
            << QByteArray(
                   "POST /v1/push HTTP/1.1\r\nTransfer-Encoding: identity\r\nContent-Length: 2\r\n\r\n")
            << 411;
        QTest::newRow("head over 16 KiB")
            << QByteArray("GET / HTTP/1.1\r\nX-Filler: " + QByteArray(16 * 1024, 'a') + "\r\n\r\n") << 431;
        QTest::newRow("endless request line") << QByteArray("GET /" + QByteArray(17 * 1024, 'a')) << 431;
        QTest::newRow("not a request line") << QByteArray("\x16\x03\x01\x02\x00", 5) << 400;
        QTest::newRow("lower-case method") << QByteArray("get / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 400;
        QTest::newRow("CONNECT") << QByteArray("CONNECT a:443 HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("conflicting lengths")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n") << 400;
        QTest::newRow("signed length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: +2\r\n\r\n") << 400;
        QTest::newRow("space before colon")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length : 2\r\n\r\n") << 400;
        QTest::newRow("folded header") << QByteArray("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n") << 400;
        QTest::newRow("body without declared length, then its bytes")
            << QByteArray("POST /v1/push HTTP/1.1\r\n\r\n{\"a\":1}") << 400;
    }

    void scannerRefuses()
    {
        QFETCH(QByteArray, stream);
        QFETCH(int, status);
        HttpRequestScanner scanner(16 * 1024, 1024);
        const auto refusal = scanner.feed(stream);
        QVERIFY(refusal.has_value());
        QCOMPARE(refusal->status, status);
        QVERIFY(!refusal->error.message.isEmpty());
    }

    void scannerAcceptsTheLimitExactly()
    {
        HttpRequestScanner scanner(16 * 1024, 1024);
        QVERIFY(!scanner.feed("POST /v1/push HTTP/1.1\r\nContent-Length: 1024\r\n\r\n"));
        QCOMPARE(scanner.phase(), HttpRequestScanner::Phase::Body);
        QCOMPARE(scanner.skipBody(5000), qint64(1024));
        QCOMPARE(scanner.requestsCompleted(), 1);
    }

    // ---- a real kjzy-server ------------------------------------------------------------------

    // The head announces 1 GiB: 413 arrives before the client sends one body byte, and the
    // connection is closed.
    void declaredHugeBodyIsRefusedBeforeItIsSent()
    {
        QTcpSocket socket;
        QVERIFY(connectTo(socket, port()));
        const qsizetype handledBefore = logCount(kPushHandled);
        socket.write("POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                     "Content-Length: 1073741824\r\n\r\n");
        QVERIFY(socket.waitForBytesWritten(kWaitMs));
        verifyRefusal(socket, 413, QStringLiteral("invalid_input"), QStringLiteral("1073741824"));
        QTRY_VERIFY_WITH_TIMEOUT(serverLog().contains(QStringLiteral("refused a request with 413")), kWaitMs);
        verifyServerHealthyAndLogged();
        QCOMPARE(logCount(kPushHandled), handledBefore); // no handler ran
    }

    // A client that streams 200 MB the server never agreed to take is cut off early, and the
    // server's memory does not grow by anything like it.
    void streamedBodyIsCutOffEarly_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("status"); // the guard's refusal
        QTest::newRow("no Content-Length")
            << QByteArray("POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                          "application/octet-stream\r\n\r\n")
            << 400;
        QTest::newRow("Content-Length lies")
            << QByteArray(
                   "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                   "Content-Length: 1000\r\n\r\n")
            << 400;
        // Sent without waiting for the answer: the bytes Qt's parser would have buffered.
        QTest::newRow("1 GiB declared, streamed anyway")
            << QByteArray(
                   "POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                   "Content-Length: 1073741824\r\n\r\n")
            << 413;
    }

    void streamedBodyIsCutOffEarly()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, status);
        constexpr qint64 streamBytes = 200 * 1000 * 1000;
        const quint32 seed = QRandomGenerator::global()->generate();
        QRandomGenerator random(seed);
        QByteArray chunk(int(kMiB), Qt::Uninitialized);
        random.fillRange(reinterpret_cast<quint32*>(chunk.data()), chunk.size() / int(sizeof(quint32)));
        // Whatever the seed, never the start of a request line where the body ends (at once, or after
        // the 1000 bytes the lying head declares).
        chunk[0] = '\0';
        chunk[1000] = '\0';

        const QString refused = QStringLiteral("refused a request with %1").arg(status);
        const qsizetype refusalsBefore = logCount(refused);
        const qint64 pid = m_server->processId();
        const qint64 rssBefore = residentBytes(pid);
        QVERIFY(rssBefore > 0);
        QTcpSocket socket;
        QVERIFY(connectTo(socket, port()));
        socket.write(head);
        qint64 offered = 0;
        qint64 peakRss = rssBefore;
        while (offered < streamBytes && socket.state() == QAbstractSocket::ConnectedState) {
            // Never more than 4 MiB waiting in our own buffer: the server decides what moves.
            if (socket.bytesToWrite() < 4 * kMiB) {
                socket.write(chunk);
                offered += chunk.size();
            }
            // The server stops reading once it refused: then writes stall until it closes.
            if (!socket.waitForBytesWritten(kWaitMs))
                break;
            socket.readAll();
            peakRss = std::max(peakRss, residentBytes(pid));
        }
        const qint64 sent = offered - socket.bytesToWrite();
        QVERIFY2(waitForClose(socket),
                 qPrintable(QStringLiteral("seed %1: connection still open").arg(seed)));
        peakRss = std::max(peakRss, residentBytes(pid));
        qInfo("seed %u: %lld bytes accepted by the kernel before the server closed; server RSS %lld -> peak "
              "%lld",
              seed, sent, rssBefore, peakRss);
        QVERIFY2(sent < 64 * kMiB,
                 qPrintable(QStringLiteral("seed %1: %2 bytes went through").arg(seed).arg(sent)));
        QVERIFY2(
            peakRss - rssBefore < 48 * kMiB,
            qPrintable(QStringLiteral("seed %1: RSS grew by %2 bytes").arg(seed).arg(peakRss - rssBefore)));
        QTRY_VERIFY_WITH_TIMEOUT(logCount(refused) == refusalsBefore + 1, kWaitMs);
        verifyServerHealthy();
    }

    void hugeHeadIs431()
    {
        QTcpSocket socket;
        QVERIFY(connectTo(socket, port()));
        socket.write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + QByteArray(20 * 1024, 'a') +
                     "\r\n\r\n");
        verifyRefusal(socket, 431, QStringLiteral("invalid_input"), QStringLiteral("请求头过大"));
        verifyServerHealthy();
    }

    void chunkedIs411()
    {
        QTcpSocket socket;
        QVERIFY(connectTo(socket, port()));
        const qsizetype handledBefore = logCount(kPushHandled);
        socket.write("POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "5\r\nhello\r\n0\r\n\r\n");
        verifyRefusal(socket, 411, QStringLiteral("usage"), QStringLiteral("Content-Length"));
        QTRY_VERIFY_WITH_TIMEOUT(serverLog().contains(QStringLiteral("refused a request with 411")), kWaitMs);
        verifyServerHealthyAndLogged();
        QCOMPARE(logCount(kPushHandled), handledBefore);
    }

    // Connected, never a byte: closed after --idle-timeout, without an answer.
    void silentConnectionIsClosed()
    {
        QTcpSocket socket;
        QVERIFY(connectTo(socket, port()));
        QVERIFY2(waitForClose(socket, kWaitMs + kIdleSeconds * 1000), "a silent connection stayed open");
        QCOMPARE(socket.readAll(), QByteArray());
    }

    // A head dribbled a byte at a time, each well inside the idle time-out: 408 once the head
    // time-out has passed, then closed.
    void dribbledHeadIsClosed()
    {
        QTcpSocket socket;
        QVERIFY(connectTo(socket, port()));
        const QByteArray head =
            "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + QByteArray(4096, 'a');
        // At most 60 bytes: about 20 s when nothing stops the dribble.
        for (qsizetype i = 0; i < 60 && socket.state() == QAbstractSocket::ConnectedState; ++i) {
            socket.write(head.sliced(i, 1));
            socket.waitForBytesWritten(1000);
            if (socket.waitForReadyRead(300))
                break; // the server answered
        }
        verifyRefusal(socket, 408, QStringLiteral("network"), QStringLiteral("请求头"));
    }

    // Kept-alive connection: a GET, a POST whose body looks like a request head, and a GET again,
    // each after the previous answer; the guard follows the boundaries and passes all three.
    void keepAliveCarriesRequestsBackToBack()
    {
        QTcpSocket socket;
        QVERIFY(connectTo(socket, port()));
        QByteArray buffer;
        socket.write(healthRequest());
        RawAnswer first = readAnswer(socket, buffer);
        QVERIFY2(first.status == 200, qPrintable(first.describe()));

        const QByteArray body = "get / HTTP/1.1\r\n\r\n{not json";
        socket.write("POST /v1/pull HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "Content-Length: " +
                     QByteArray::number(body.size()) + "\r\n\r\n" + body);
        RawAnswer second = readAnswer(socket, buffer);
        // The handler's own refusal of a bad pull request, not the guard's 400.
        QVERIFY2(second.status >= 400 && second.status < 500, qPrintable(second.describe()));
        QVERIFY2(second.header("connection") != "close", qPrintable(second.describe()));

        socket.write(healthRequest());
        RawAnswer third = readAnswer(socket, buffer);
        QVERIFY2(third.status == 200, qPrintable(third.describe() + serverLog()));
        QCOMPARE(third.body, QByteArray("ok"));
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        QTRY_VERIFY_WITH_TIMEOUT(
            serverLog().contains(QStringLiteral("POST /v1/pull -> %1").arg(second.status)), kWaitMs);
    }

    // Limits that make no sense are a usage error (exit 2) before anything listens.
    void serveRefusesBadLimits_data()
    {
        QTest::addColumn<QStringList>("options");
        QTest::newRow("zero body") << QStringList{QStringLiteral("--max-body-bytes"), QStringLiteral("0")};
        QTest::newRow("not a number")
            << QStringList{QStringLiteral("--max-body-bytes"), QStringLiteral("64M")};
        QTest::newRow("zero idle") << QStringList{QStringLiteral("--idle-timeout"), QStringLiteral("0")};
        QTest::newRow("negative head") << QStringList{QStringLiteral("--head-timeout"), QStringLiteral("-1")};
        QTest::newRow("zero connections")
            << QStringList{QStringLiteral("--max-connections"), QStringLiteral("0")};
    }

    void serveRefusesBadLimits()
    {
        QFETCH(QStringList, options);
        const CliRun run = runServer(m_data, QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                                                         QStringLiteral("127.0.0.1:0")} +
                                                 options);
        EXPECT_EXIT(run, 2);
        QVERIFY2(run.err.contains(options.first()), qPrintable(run.describe()));
    }

    // --max-connections: the connection past the cap gets 503 and is closed; once one closes, a
    // new one is served again.
    void connectionsOverTheCapGet503()
    {
        const QString data = m_dir.filePath(QStringLiteral("capped"));
        EXPECT_EXIT(runServer(data, {QStringLiteral("init")}), 0);
        QString error;
        const auto capped =
            ServerProcess::start(data, &error, {QStringLiteral("--max-connections"), QStringLiteral("2")});
        QVERIFY2(capped, qPrintable(error));
        const quint16 cappedPort = quint16(capped->url().port());
        QTcpSocket first;
        QTcpSocket second;
        for (QTcpSocket* socket : {&first, &second}) {
            QVERIFY(connectTo(*socket, cappedPort));
            socket->write(healthRequest());
            QByteArray buffer;
            QCOMPARE(readAnswer(*socket, buffer).status, 200); // held open (kept alive)
        }
        QTcpSocket third;
        QVERIFY(connectTo(third, cappedPort));
        verifyRefusal(third, 503, QStringLiteral("network"), QStringLiteral("2"));

        first.disconnectFromHost();
        QVERIFY(waitForClose(first));
        // The server learns of the close asynchronously: retry until a fresh connection is served.
        bool served = false;
        for (QDeadlineTimer deadline(kWaitMs); !served && !deadline.hasExpired();) {
            QTcpSocket again;
            QVERIFY(connectTo(again, cappedPort));
            again.write(healthRequest());
            QByteArray buffer;
            const int status = readAnswer(again, buffer).status;
            QVERIFY2(status == 200 || status == 503, qPrintable(QString::number(status)));
            served = status == 200;
            if (!served)
                QTest::qWait(100);
        }
        QVERIFY2(served, "no connection was served after one of the capped ones closed");
    }
};

QTEST_GUILESS_MAIN(TestRequestGuard)
#include "TestRequestGuard.moc"
