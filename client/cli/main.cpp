// kjzy: the offline command-line client. Parses arguments and wires the client library.
#include "CommandLineApp.h"
#include "core/ExitCode.h"
#include "crypto/Sodium.h"
#include "privacy/LogScrubber.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kjzy"));
    QCoreApplication::setOrganizationName(QStringLiteral("kjzy"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KJZY_VERSION));
    kjzy::LogScrubber::install();
    // A broken crypto library must stop the program before it seals or opens anything.
    if (auto ok = kjzy::Sodium::initialize(); !ok) {
        std::fprintf(stderr, "错误：%s\n", ok.error().message.toUtf8().constData());
        return int(kjzy::ExitCode::Auth);
    }
    return kjzy::cli::CommandLineApp::run(QCoreApplication::arguments());
}
