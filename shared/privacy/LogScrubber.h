#pragma once

namespace kjzy {

// Installs a Qt message handler that passes every log line through Masking::scrub before it
// reaches stderr, so personal data cannot leak through a careless qDebug/qWarning.
class LogScrubber
{
public:
    static void install();
};

} // namespace kjzy
