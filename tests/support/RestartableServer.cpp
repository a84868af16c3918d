#include "RestartableServer.h"

namespace kjzy::test {

bool RestartableServer::start(const QString& dataDir, quint16 port, QString* error)
{
    kill();
    m_process = ServerProcess::start(dataDir, ServeOptions{{}, port, false}, error);
    if (!m_process)
        return false;
    m_url = m_process->url();
    return true;
}

void RestartableServer::kill()
{
    if (m_process)
        m_process->kill();
}

} // namespace kjzy::test
