#include "RefusalAudit.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRefusal, "kjzy.server.refusal")

namespace kjzy {

RefusalAudit::RefusalAudit(RegistryStore& store) : m_store(store) {}

bool RefusalAudit::isRefusal(const Error& error)
{
    switch (error.code) {
    case ErrorCode::Database:
    case ErrorCode::SchemaTooNew:
    case ErrorCode::Io:
    case ErrorCode::Internal:
        return false;
    default:
        return true;
    }
}

Error RefusalAudit::record(const QString& action, const QString& claimedDevice, const Error& refusal)
{
    if (!isRefusal(refusal))
        return refusal;
    // The claimed id is unauthenticated text: bounded like the refusal messages bound it.
    const QString actor = claimedDevice.isEmpty() ? kUnknownActor : claimedDevice.left(64);
    const QString detail = errorCodeName(refusal.code) + QStringLiteral(": ") + refusal.message;
    qCInfo(lcRefusal).noquote() << action << "from" << actor << detail;
    const Status written = m_store.transact(
        [&] { return m_store.addAudit(actor, action, QStringLiteral("change_set"), detail, 0); });
    if (!written)
        return Error{
            written.error().code,
            QStringLiteral("%1（审计记录写入失败：%2）").arg(refusal.message, written.error().message)};
    return refusal;
}

} // namespace kjzy
