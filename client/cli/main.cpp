// kjzy: the offline command-line client. Parses arguments and wires the client library.
#include "CommandLineApp.h"
#include "privacy/LogScrubber.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("kjzy"));
    QCoreApplication::setOrganizationName(QStringLiteral("kjzy"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KJZY_VERSION));
    kjzy::LogScrubber::install();
    return kjzy::cli::CommandLineApp::run(QCoreApplication::arguments());
}
