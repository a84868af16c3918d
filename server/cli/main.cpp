// kjzy-server: the provincial registry's sync server. Parses arguments and wires the server library.
#include "ServerCommandLine.h"
#include "core/ExitCode.h"
#include "crypto/Sodium.h"
#include "privacy/LogScrubber.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kjzy-server"));
    QCoreApplication::setOrganizationName(QStringLiteral("kjzy"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KJZY_VERSION));
    kjzy::LogScrubber::install();
    // A broken crypto library must stop the server before it verifies or opens anything.
    if (auto ok = kjzy::Sodium::initialize(); !ok) {
        std::fprintf(stderr, "错误：%s\n", ok.error().message.toUtf8().constData());
        return int(kjzy::ExitCode::Auth);
    }
    return kjzy::server_cli::ServerCommandLine::run(QCoreApplication::arguments());
}
