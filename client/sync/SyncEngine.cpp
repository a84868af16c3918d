#include "SyncEngine.h"

#include "ChunkedPush.h"
#include "EnrolledDevice.h"
#include "LinkSession.h"
#include "OutboxSealer.h"
#include "SyncApplier.h"
#include "sync/PullRequest.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSysInfo>

Q_LOGGING_CATEGORY(lcSync, "kjzy.client.sync")

namespace kjzy {

SyncEngine::SyncEngine(ClientDatabase& database, const QString& databasePath, HttpLink& link,
                       const Clock& clock)
    : m_database(database), m_databasePath(databasePath), m_link(link), m_clock(clock)
{}

Result<EnrollmentOutcome> SyncEngine::enroll(const QString& serverUrl, const QString& code)
{
    auto region = m_database.region();
    if (!region)
        return fail(region.error());
    auto device = m_database.deviceId();
    if (!device)
        return fail(device.error());
    const QString keyDirectory = DeviceKeys::directoryFor(m_databasePath);
    auto keys = DeviceKeys::load(keyDirectory);
    if (!keys)
        keys = DeviceKeys::create(keyDirectory); // the first attempt makes them; a retry reuses them
    if (!keys)
        return fail(keys.error());
    const QJsonObject request{
        {QStringLiteral("code"), code},
        {QStringLiteral("device"), *device},
        {QStringLiteral("sign_key"), QString::fromLatin1((*keys)->signing().publicKey().toBase64())},
        {QStringLiteral("box_key"), QString::fromLatin1((*keys)->box().publicKey().toBase64())},
        {QStringLiteral("label"), QSysInfo::machineHostName()},
    };
    auto reply =
        m_link.post(QStringLiteral("/v1/enroll"), QJsonDocument(request).toJson(QJsonDocument::Compact),
                    QByteArrayLiteral("application/json"));
    if (!reply)
        return fail(reply.error());
    const QJsonObject answer = QJsonDocument::fromJson(reply->body).object();
    EnrollmentOutcome outcome{answer.value(QStringLiteral("device")).toString(),
                              answer.value(QStringLiteral("scope")).toString(),
                              answer.value(QStringLiteral("role")).toString()};
    PinnedServer server{
        serverUrl,
        QByteArray::fromBase64(answer.value(QStringLiteral("server_sign_key")).toString().toLatin1()),
        QByteArray::fromBase64(answer.value(QStringLiteral("server_box_key")).toString().toLatin1()),
        quint32(answer.value(QStringLiteral("key_epoch")).toInt())};
    if (outcome.device != *device || server.signKey.size() != 32 || server.boxKey.size() != 32 ||
        server.keyEpoch == 0)
        return fail(ErrorCode::Auth, QStringLiteral("服务器的注册应答不完整或与本设备不符"));
    if (outcome.scope != *region)
        return fail(
            ErrorCode::Auth,
            QStringLiteral("注册码的管理范围 %1 与本地数据库的区域 %2 不符").arg(outcome.scope, *region));
    auto transaction = SqliteTransaction::begin(m_database.sql());
    if (!transaction)
        return fail(transaction.error());
    if (auto saved = server.save(m_database); !saved)
        return fail(saved.error());
    if (auto saved = m_database.setSetting(settings::kRole, outcome.role); !saved)
        return fail(saved.error());
    if (auto committed = transaction->commit(); !committed)
        return fail(committed.error());
    return outcome;
}

Result<SyncSummary> SyncEngine::sync(int pageSize)
{
    SyncOptions options;
    options.pageSize = pageSize;
    return sync(options);
}

Result<SyncSummary> SyncEngine::sync(const SyncOptions& options)
{
    auto enrolled = EnrolledDevice::load(m_database, m_databasePath);
    if (!enrolled)
        return fail(enrolled.error());
    const PinnedServer& server = enrolled->server;
    DeviceKeys& keys = *enrolled->keys;
    const QString& device = enrolled->id;
    SyncSummary summary;
    const qint64 sentBefore = m_link.bytesSent();
    const qint64 receivedBefore = m_link.bytesReceived();
    const int requestsBefore = m_link.requests();
    RetryDeadline deadline(options.timeoutMs, options.backoff, options.retryHooks);
    LinkSession session(m_link, deadline);
    SyncProgress progress;
    const auto report = [&options, &progress] {
        if (options.progress)
            options.progress(progress);
    };

    // Push: oldest first, so the server sees each device's sequence numbers in order.
    OutboxSealer sealer(m_database, keys, server, m_clock);
    if (auto sealed = sealer.sealPending(); !sealed)
        return fail(sealed.error());
    auto pending = sealer.unacknowledged();
    if (!pending)
        return fail(pending.error());
    progress.changeSetsTotal = int(pending->size());
    for (const PendingChangeSet& changeSet : *pending)
        progress.bytesTotal += changeSet.sealed.size();
    report();
    SyncApplier applier(m_database, keys, server, m_clock);
    AdaptiveChunkSize chunkSize(options.chunks);
    ChunkedPush push(m_database, session, chunkSize);
    qint64 doneBefore = 0;
    for (const PendingChangeSet& changeSet : *pending) {
        auto reply = push.upload(changeSet, device, [&](qint64 held, qint64 inFlight) {
            progress.bytesAcknowledged = doneBefore + held;
            progress.bytesSent = progress.bytesAcknowledged + inFlight;
            report();
        });
        if (!reply)
            return fail(reply.error());
        // The reply is applied in one transaction and acknowledges the change set; a reply lost
        // before it was applied is fetched again (the server stores it) by the next run's status
        // question, and the change set is not ingested twice.
        auto applied = applier.applyReply(changeSet.id, *reply);
        if (!applied)
            return fail(applied.error());
        doneBefore += changeSet.sealed.size();
        progress.bytesSent = progress.bytesAcknowledged = doneBefore;
        ++progress.changeSetsDone;
        report();
        ++summary.changeSetsSent;
        summary.changesSent += changeSet.changes;
        summary.accepted += applied->accepted;
        summary.rejected += int(applied->rejected.size());
    }
    summary.chunks = push.chunksSent();
    summary.resumedAt = push.resumedAt();

    // Pull until the server says there is no more. What the push learnt about the link bounds the
    // pages too: a link that cut a 64 KiB chunk will cut a 64 KiB page.
    AdaptiveChunkSize pageBytes(options.pages);
    if (const auto failure = chunkSize.smallestFailure())
        pageBytes.failedElsewhere(*failure);
    progress.phase = SyncProgress::Phase::Pull;
    report();
    for (bool more = true; more;) {
        auto cursor = applier.pullCursor();
        if (!cursor)
            return fail(cursor.error());
        const qint64 maxBytes = pageBytes.current();
        const QByteArray body = PullRequest{device, *cursor, options.pageSize, maxBytes}.toBody();
        auto signature = keys.signing().sign(PullRequest::signingMessage(body));
        if (!signature)
            return fail(signature.error());
        auto reply = session.post(QStringLiteral("/v1/pull"), body, QByteArrayLiteral("application/json"),
                                  {{QByteArrayLiteral("X-Kjzy-Signature"), signature->toBase64()}});
        if (!reply) {
            if (auto stop = session.giveUpOrWait(reply.error()))
                return fail(*stop);
            pageBytes.failed(maxBytes);
            continue;
        }
        // One transaction per page, the cursor with it: a page is applied whole or not at all, and
        // asking again after a cut answer fetches the same page.
        auto page = applier.applyPage(reply->body);
        if (!page)
            return fail(page.error());
        pageBytes.succeeded();
        session.progressed();
        ++summary.pages;
        summary.recordsPulled += int(page->records.size());
        progress.pages = summary.pages;
        progress.recordsPulled = summary.recordsPulled;
        report();
        more = page->more;
    }
    const QString now = QDateTime::fromMSecsSinceEpoch(m_clock.nowMs(), Qt::UTC).toString(Qt::ISODate);
    if (auto saved = m_database.setSetting(settings::kLastSync, now); !saved)
        return fail(saved.error());
    summary.bytesSent = m_link.bytesSent() - sentBefore;
    summary.bytesReceived = m_link.bytesReceived() - receivedBefore;
    summary.requests = m_link.requests() - requestsBefore;
    summary.failures = session.failures();
    qCInfo(lcSync) << "sync done:" << summary.changeSetsSent << "change sets in" << summary.chunks
                   << "chunks," << summary.pages << "pages," << summary.failures << "failed attempts,"
                   << summary.bytesSent << "bytes sent," << summary.bytesReceived << "received";
    return summary;
}

} // namespace kjzy
