// The shipped nginx front (deploy/nginx/kjzy.conf) in front of a real kjzy-server: a real nginx
// process runs the shipped file, in which only the lines marked "# @test:NAME" (listen ports, the
// upstream address, certificate and log paths) are replaced; every other line is tested as shipped.
// nginx is a prerequisite (scripts/install-deps.sh installs it): its absence fails the suite.
#include "support/CliRunner.h"
#include "support/RawHttpAnswer.h"
#include "support/ServerProcess.h"

#include "validation/IdNumber.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <vector>

using namespace kjzy;
using namespace kjzy::test;

namespace {

constexpr int kWaitMs = 20000;
const QString kJinshui = QStringLiteral("410105");   // 郑州市金水区
const QString kZhengzhou = QStringLiteral("410100"); // 郑州市

// The markers the shipped file must carry; renamed or lost ones fail the suite.
const QStringList kMarkers{QStringLiteral("upstream"),        QStringLiteral("listen-http"),
                           QStringLiteral("listen-https"),    QStringLiteral("certificate"),
                           QStringLiteral("certificate-key"), QStringLiteral("access-log")};

QString findProgram(const QString& name)
{
    const QString inPath = QStandardPaths::findExecutable(name);
    if (!inPath.isEmpty())
        return inPath;
    // Debian keeps nginx in /usr/sbin, which is not in every user's PATH.
    return QStandardPaths::findExecutable(
        name, {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin"), QStringLiteral("/sbin")});
}

// Ports nothing listens on right now (nginx needs numbers in its configuration), all different:
// the probes stay open until every port is picked, else the system may hand one out twice and
// nginx refuses the duplicate listen (seen once under ctest -j2). Empty when none could be had.
QList<quint16> freePorts(int count)
{
    std::vector<std::unique_ptr<QTcpServer>> probes;
    QList<quint16> ports;
    for (int i = 0; i < count; ++i) {
        probes.push_back(std::make_unique<QTcpServer>());
        if (!probes.back()->listen(QHostAddress::LocalHost, 0))
            return {};
        ports << probes.back()->serverPort();
    }
    return ports;
}

// The shipped site file with each "# @test:NAME" line whose NAME is in `replacements` replaced,
// indentation kept; unknown markers stay as shipped.
QString renderSite(const QString& shipped, const QHash<QString, QString>& replacements)
{
    static const QRegularExpression marker(QStringLiteral("^(\\s*).*#\\s*@test:([a-z-]+)\\s*$"));
    QStringList lines = shipped.split(u'\n');
    for (QString& line : lines) {
        const QRegularExpressionMatch match = marker.match(line);
        if (match.hasMatch() && replacements.contains(match.captured(2)))
            line = match.captured(1) + replacements.value(match.captured(2));
    }
    return lines.join(u'\n');
}

// A valid GB 11643 number for a region and serial.
QString idNumber(const QString& region, int serial)
{
    const QString first17 = region + QStringLiteral("19850312") +
                            QStringLiteral("%1").arg(serial % 1000, 3, 10, QLatin1Char('0'));
    return first17 + IdNumber::checkCharacter(first17);
}

using RawAnswer = RawHttpAnswer;

// Sends `request` and reads one whole answer on `socket`.
RawAnswer exchange(QAbstractSocket& socket, const QByteArray& request)
{
    socket.write(request);
    QByteArray buffer;
    return RawHttpAnswer::read(socket, buffer, kWaitMs);
}

QByteArray get(const QByteArray& path)
{
    return "GET " + path + " HTTP/1.1\r\nHost: kjzy.example.cn\r\n\r\n";
}

} // namespace

class TestNginxFront : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_nginx;
    QString m_openssl;
    QString m_shipped;
    QString m_data;
    std::unique_ptr<ServerProcess> m_server;
    QProcess m_nginxProcess;
    quint16 m_httpPort = 0;  // the redirecting server block
    quint16 m_tlsPort = 0;   // the main server block, TLS as shipped
    quint16 m_plainPort = 0; // the same server block without TLS, for the kjzy client
    QString m_serverLog;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString plainUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_plainPort); }

    QString serverLog()
    {
        m_serverLog += m_server->log();
        return m_serverLog;
    }

    QString readText(const QString& file) const
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    bool writeText(const QString& file, const QString& text) const
    {
        QFile f(file);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) >= 0;
    }

    // The main configuration around the site file: everything an nginx.conf would give it, with all
    // state (pid, logs, temporary files) in the test's directory. master_process off: one process
    // as the invoking user; as root (CI) nginx would otherwise switch its workers to "nobody", who
    // cannot read the test's 0700 directory.
    QString mainConfiguration(const QString& site, const QString& name) const
    {
        QString text;
        text += QStringLiteral("daemon off;\nmaster_process off;\n");
        text += QStringLiteral("pid %1;\n").arg(path(name + QStringLiteral(".pid")));
        text += QStringLiteral("error_log %1 info;\n").arg(path(name + QStringLiteral("-error.log")));
        text += QStringLiteral("events { worker_connections 256; }\nhttp {\n");
        for (const QString& temp :
             {QStringLiteral("client_body"), QStringLiteral("proxy"), QStringLiteral("fastcgi"),
              QStringLiteral("uwsgi"), QStringLiteral("scgi")})
            text += QStringLiteral("    %1_temp_path %2;\n").arg(temp, path(QStringLiteral("temp-") + temp));
        text += QStringLiteral("    include %1;\n}\n").arg(site);
        return text;
    }

    QHash<QString, QString> pathReplacements() const
    {
        return {{QStringLiteral("certificate"),
                 QStringLiteral("ssl_certificate %1;").arg(path(QStringLiteral("cert.pem")))},
                {QStringLiteral("certificate-key"),
                 QStringLiteral("ssl_certificate_key %1;").arg(path(QStringLiteral("key.pem")))},
                {QStringLiteral("access-log"),
                 QStringLiteral("access_log %1;").arg(path(QStringLiteral("access.log")))}};
    }

    QHash<QString, QJsonObject> volunteers(const CliRun& run)
    {
        QHash<QString, QJsonObject> byId;
        for (const QJsonValue& v : QJsonDocument::fromJson(run.out.toUtf8()).array())
            byId.insert(v[QStringLiteral("id")].toString(), v.toObject());
        return byId;
    }

private slots:
    void initTestCase()
    {
        m_nginx = findProgram(QStringLiteral("nginx"));
        QVERIFY2(!m_nginx.isEmpty(),
                 "nginx is not installed: run scripts/install-deps.sh (it installs nginx-light); "
                 "未安装 nginx，请运行 scripts/install-deps.sh");
        m_openssl = findProgram(QStringLiteral("openssl"));
        QVERIFY2(!m_openssl.isEmpty(), "openssl is not installed: run scripts/install-deps.sh");
        VERIFY_CLI_PREREQUISITES();
        QVERIFY2(QFileInfo::exists(serverPath()), qPrintable(serverPath()));
        QVERIFY(m_dir.isValid());

        const QString shippedPath = QFINDTESTDATA("../../deploy/nginx/kjzy.conf");
        QVERIFY2(!shippedPath.isEmpty(), "deploy/nginx/kjzy.conf not found");
        m_shipped = readText(shippedPath);
        for (const QString& marker : kMarkers)
            QVERIFY2(m_shipped.contains(QStringLiteral("# @test:") + marker),
                     qPrintable(QStringLiteral("kjzy.conf lost its marker @test:%1").arg(marker)));

        // A self-signed certificate for 127.0.0.1, standing in for the operator's.
        QProcess req;
        req.start(m_openssl,
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-keyout"), path(QStringLiteral("key.pem")), QStringLiteral("-out"),
                   path(QStringLiteral("cert.pem")), QStringLiteral("-days"), QStringLiteral("2"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=IP:127.0.0.1")});
        QVERIFY(req.waitForFinished(kWaitMs));
        QVERIFY2(req.exitCode() == 0, req.readAllStandardError().constData());

        m_data = path(QStringLiteral("server"));
        EXPECT_EXIT(runServer(m_data, {QStringLiteral("init")}), 0);
        QString error;
        m_server = ServerProcess::start(m_data, &error);
        QVERIFY2(m_server, qPrintable(error));

        const QList<quint16> ports = freePorts(3);
        QCOMPARE(ports.size(), 3);
        m_httpPort = ports[0];
        m_tlsPort = ports[1];
        m_plainPort = ports[2];
        QHash<QString, QString> replacements = pathReplacements();
        replacements.insert(QStringLiteral("upstream"),
                            QStringLiteral("server 127.0.0.1:%1;").arg(m_server->url().port()));
        replacements.insert(QStringLiteral("listen-http"),
                            QStringLiteral("listen 127.0.0.1:%1;").arg(m_httpPort));
        replacements.insert(QStringLiteral("listen-https"),
                            QStringLiteral("listen 127.0.0.1:%1 ssl http2; listen 127.0.0.1:%2;")
                                .arg(m_tlsPort)
                                .arg(m_plainPort));
        const QString site = path(QStringLiteral("kjzy.conf"));
        QVERIFY(writeText(site, renderSite(m_shipped, replacements)));
        const QString conf = path(QStringLiteral("nginx.conf"));
        QVERIFY(writeText(conf, mainConfiguration(site, QStringLiteral("nginx"))));

        m_nginxProcess.setProcessChannelMode(QProcess::MergedChannels);
        m_nginxProcess.start(m_nginx, {QStringLiteral("-p"), m_dir.path(), QStringLiteral("-c"), conf});
        QVERIFY2(m_nginxProcess.waitForStarted(kWaitMs), qPrintable(m_nginxProcess.errorString()));
        // Ready once the kjzy-facing port accepts connections.
        bool listening = false;
        for (QDeadlineTimer deadline(kWaitMs); !listening && !deadline.hasExpired();) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, m_plainPort);
            listening = probe.waitForConnected(500);
            if (!listening && m_nginxProcess.state() == QProcess::NotRunning)
                break;
            if (!listening)
                QTest::qWait(100);
        }
        QVERIFY2(listening, qPrintable(QStringLiteral("nginx did not start: %1 %2")
                                           .arg(QString::fromUtf8(m_nginxProcess.readAll()),
                                                readText(path(QStringLiteral("nginx-error.log"))))));
    }

    void cleanupTestCase()
    {
        if (m_nginxProcess.state() != QProcess::NotRunning) {
            m_nginxProcess.terminate();
            if (!m_nginxProcess.waitForFinished(10000)) {
                m_nginxProcess.kill();
                m_nginxProcess.waitForFinished(5000);
            }
        }
        m_server.reset();
    }

    // `nginx -t` on the shipped file: only the certificate and log paths differ (nginx -t loads the
    // certificate and opens the logs but binds no port, so 80 and 443 stay as shipped).
    void shippedFilePassesNginxTest()
    {
        const QString site = path(QStringLiteral("kjzy-as-shipped.conf"));
        QVERIFY(writeText(site, renderSite(m_shipped, pathReplacements())));
        QVERIFY(readText(site).contains(QStringLiteral("listen 443 ssl http2;")));
        QVERIFY(readText(site).contains(QStringLiteral("server 127.0.0.1:8080;")));
        const QString conf = path(QStringLiteral("nginx-t.conf"));
        QVERIFY(writeText(conf, mainConfiguration(site, QStringLiteral("nginx-t"))));
        QProcess test;
        test.setProcessChannelMode(QProcess::MergedChannels);
        test.start(m_nginx,
                   {QStringLiteral("-t"), QStringLiteral("-p"), m_dir.path(), QStringLiteral("-c"), conf});
        QVERIFY(test.waitForFinished(kWaitMs));
        const QString output = QString::fromUtf8(test.readAll());
        QVERIFY2(test.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("test is successful")), qPrintable(output));
    }

    void healthThroughNginx()
    {
        QTcpSocket plain;
        plain.connectToHost(QHostAddress::LocalHost, m_plainPort);
        QVERIFY(plain.waitForConnected(kWaitMs));
        const RawAnswer answer = exchange(plain, get("/v1/health"));
        QVERIFY2(answer.status == 200, qPrintable(answer.describe()));
        QCOMPARE(answer.body, QByteArray("ok"));

        // The TLS server block as shipped, verified against the certificate it was given (with the
        // openssl client: the suite's own process stays free of a TLS library).
        QProcess tls;
        tls.setProcessChannelMode(QProcess::MergedChannels);
        tls.start(m_openssl, {QStringLiteral("s_client"), QStringLiteral("-connect"),
                              QStringLiteral("127.0.0.1:%1").arg(m_tlsPort), QStringLiteral("-CAfile"),
                              path(QStringLiteral("cert.pem")), QStringLiteral("-verify_ip"),
                              QStringLiteral("127.0.0.1"), QStringLiteral("-verify_return_error"),
                              QStringLiteral("-quiet")});
        QVERIFY(tls.waitForStarted(kWaitMs));
        tls.write("GET /v1/health HTTP/1.1\r\nHost: kjzy.example.cn\r\nConnection: close\r\n\r\n");
        QVERIFY(tls.waitForFinished(kWaitMs));
        const QByteArray overTls = tls.readAll();
        QVERIFY2(tls.exitCode() == 0, overTls.constData());
        QVERIFY2(overTls.contains("HTTP/1.1 200 OK") && overTls.endsWith("\r\n\r\nok"), overTls.constData());

        // Plain port 80 only redirects, and nothing outside /v1/ is forwarded.
        QTcpSocket redirect;
        redirect.connectToHost(QHostAddress::LocalHost, m_httpPort);
        QVERIFY(redirect.waitForConnected(kWaitMs));
        const RawAnswer moved = exchange(redirect, get("/v1/health"));
        QCOMPARE(moved.status, 301);
        QVERIFY2(moved.header("location").startsWith("https://kjzy.example.cn/v1/health"),
                 qPrintable(moved.describe()));
        const RawAnswer outside = exchange(plain, get("/admin"));
        QCOMPARE(outside.status, 404);
        QCOMPARE(QJsonDocument::fromJson(outside.body).object().value(QStringLiteral("error")).toString(),
                 QStringLiteral("not_found"));
        QVERIFY(!serverLog().contains(QStringLiteral("/admin")));
    }

    // A body over client_max_body_size: nginx answers 413 (in kjzy's JSON error style) on the head
    // alone, and kjzy-server never hears of the request; the same route with a small body does
    // reach it (so the log would have shown the large one).
    void bodyOverTheLimitStopsAtNginx()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_plainPort);
        QVERIFY(socket.waitForConnected(kWaitMs));
        const RawAnswer refused =
            exchange(socket, "POST /v1/push/chunk HTTP/1.1\r\nHost: kjzy.example.cn\r\n"
                             "Content-Type: application/octet-stream\r\nContent-Length: " +
                                 QByteArray::number(6 * 1024 * 1024) + "\r\n\r\n");
        QVERIFY2(refused.status == 413, qPrintable(refused.describe()));
        const QJsonObject error = QJsonDocument::fromJson(refused.body).object();
        QCOMPARE(error.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_input"));
        QVERIFY(error.value(QStringLiteral("message"))
                    .toString()
                    .contains(QStringLiteral("client_max_body_size")));
        // nginx logs the request once the connection is done with (it lingers after a 413).
        socket.disconnectFromHost();
        QTRY_VERIFY_WITH_TIMEOUT(readText(path(QStringLiteral("access.log")))
                                     .contains(QStringLiteral("\"POST /v1/push/chunk HTTP/1.1\" 413")),
                                 kWaitMs);

        // Let kjzy-server's log catch up with anything it might have received, then look.
        QTcpSocket control;
        control.connectToHost(QHostAddress::LocalHost, m_plainPort);
        QVERIFY(control.waitForConnected(kWaitMs));
        QVERIFY(exchange(control, get("/v1/health")).status == 200);
        QTRY_VERIFY_WITH_TIMEOUT(serverLog().contains(QStringLiteral("GET /v1/health ->")), kWaitMs);
        QVERIFY2(!serverLog().contains(QStringLiteral("/v1/push/chunk")), qPrintable(m_serverLog));

        const RawAnswer small =
            exchange(control, "POST /v1/push/chunk HTTP/1.1\r\nHost: kjzy.example.cn\r\n"
                              "Content-Type: application/octet-stream\r\nContent-Length: 4\r\n\r\nabcd");
        QVERIFY2(small.status >= 400 && small.status < 500, qPrintable(small.describe()));
        QTRY_VERIFY_WITH_TIMEOUT(serverLog().contains(QStringLiteral("POST /v1/push/chunk ->")), kWaitMs);
    }

    // The real programs through nginx: a county device enrolls and syncs three volunteers, a city
    // device enrolls and pulls them.
    void enrollAndSyncThroughNginx()
    {
        const QString county = path(QStringLiteral("county.db"));
        const QString city = path(QStringLiteral("city.db"));
        for (const auto& [db, region, role] : {std::tuple{county, kJinshui, QStringLiteral("county")},
                                               std::tuple{city, kZhengzhou, QStringLiteral("city")}}) {
            EXPECT_EXIT(runKjzy(db, {QStringLiteral("init"), QStringLiteral("--region"), region}), 0);
            EXPECT_EXIT(runKjzy(db, {QStringLiteral("enroll"), QStringLiteral("--server"), plainUrl(),
                                     QStringLiteral("--code"), issueEnrollmentCode(m_data, region, role)}),
                        0);
        }
        QSet<QString> added;
        const QStringList names{QStringLiteral("张三"), QStringLiteral("李四"), QStringLiteral("王五")};
        for (int i = 0; i < names.size(); ++i) {
            const CliRun run = runKjzy(county, volunteerArgs(names[i], QStringLiteral("13800138000"),
                                                             idNumber(kJinshui, 40 + i), kJinshui));
            EXPECT_EXIT(run, 0);
            added.insert(run.out.trimmed());
        }
        EXPECT_EXIT(runKjzy(county, {QStringLiteral("sync")}), 0);
        EXPECT_EXIT(runKjzy(city, {QStringLiteral("sync")}), 0);

        const auto onServer = volunteers(runServer(
            m_data, {QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json")}));
        QCOMPARE(QSet<QString>(onServer.keyBegin(), onServer.keyEnd()), added);
        const auto atCity = volunteers(
            runKjzy(city, {QStringLiteral("volunteer"), QStringLiteral("list"), QStringLiteral("--json")}));
        QCOMPARE(QSet<QString>(atCity.keyBegin(), atCity.keyEnd()), added);

        // It all went through nginx.
        const QString access = readText(path(QStringLiteral("access.log")));
        QVERIFY2(access.count(QStringLiteral("\"POST /v1/enroll HTTP/1.1\" 200")) == 2, qPrintable(access));
        QVERIFY2(access.contains(QStringLiteral("\"POST /v1/pull HTTP/1.1\" 200")), qPrintable(access));
    }
};

QTEST_GUILESS_MAIN(TestNginxFront)
#include "TestNginxFront.moc"
