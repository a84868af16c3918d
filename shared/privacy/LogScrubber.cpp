#include "LogScrubber.h"

#include "Masking.h"

#include <QtGlobal>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace kjzy {

namespace {

// The handler that was active before install(); written once, read from any logging thread.
std::atomic<QtMessageHandler> g_previous{nullptr};

void scrubbingHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    // ID numbers are sensitive personal information (GB/T 35273-2020 Annex B) and mobile numbers
    // personal information (PIPL art. 4): neither may reach a log in clear text.
    const QString scrubbed = Masking::scrub(message);
    if (const QtMessageHandler previous = g_previous.load(std::memory_order_acquire)) {
        previous(type, context, scrubbed);
        return;
    }
    // No previous handler known: format and print the way Qt's default handler does.
    const QString line = qFormatLogMessage(type, context, scrubbed);
    std::fputs(line.toLocal8Bit().constData(), stderr);
    std::fputc('\n', stderr);
    std::fflush(stderr);
}

} // namespace

void LogScrubber::install()
{
    // Install once per process: a second install would make our handler its own "previous" and
    // recurse forever (or scrub twice through a chain that loops back to us).
    static std::once_flag once;
    std::call_once(once, [] {
        // The swap is atomic; a message logged by another thread between the swap and the store
        // below takes the (still scrubbed) fallback path in scrubbingHandler.
        const QtMessageHandler previous = qInstallMessageHandler(&scrubbingHandler);
        if (previous != &scrubbingHandler)
            g_previous.store(previous, std::memory_order_release);
    });
}

} // namespace kjzy
