#pragma once

#include "ServerProcess.h"

namespace kjzy::test {

// kjzy-server on a port that stays the same across restarts: a kill and a start on the same data
// directory look like a cut link to a client (or proxy) in front of it. Its request log is not
// kept (long runs would fill the pipe).
class RestartableServer
{
public:
    // port 0: the kernel picks one (then kept by the caller for restarts).
    bool start(const QString& dataDir, quint16 port, QString* error);
    // SIGKILL: no chance to finish anything, as when the machine loses power.
    void kill();
    bool running() const { return m_process && m_process->running(); }
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }

private:
    std::unique_ptr<ServerProcess> m_process;
    QUrl m_url;
};

} // namespace kjzy::test
