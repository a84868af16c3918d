#pragma once

#include "clock/Clock.h"
#include "clock/HlcTimestamp.h"
#include "storage/SqliteConnection.h"

#include <memory>
#include <optional>

namespace kjzy {

// The client's local SQLite database, migrated to the program's schema on open.
class ClientDatabase
{
public:
    // Opens (creating when missing) and migrates. A database newer than the program is refused.
    static Result<std::unique_ptr<ClientDatabase>> open(const QString& path);

    SqliteConnection& sql() { return *m_connection; }

    // Settings (the settings table): region scope, device id, HLC, sync state.
    Result<QString> setting(const QString& key) const;
    Status setSetting(const QString& key, const QString& value);

    // The region scope given at `kjzy init`, or a Usage error telling how to initialise.
    Result<QString> region() const;
    Result<QString> deviceId() const;
    bool isInitialized() const;
    // Records region and a fresh device id. Refuses to change the region of a database in use.
    Status initialize(const QString& regionCode);
    // The next hybrid-logical-clock stamp of this device. Cached per connection (every store shares
    // one clock) and persisted once, just before the outermost transaction commits, so stamps keep
    // rising across runs without a settings write per change. Call inside a transaction.
    Result<HlcTimestamp> nextStamp(const Clock& clock);
    // Moves the clock past a stamp received from the server, so later local edits sort after
    // everything this device has seen (the HLC receive rule). Call inside a transaction.
    Status observeStamp(const HlcTimestamp& received, const Clock& clock);

private:
    Status loadClock();
    explicit ClientDatabase(std::unique_ptr<SqliteConnection> connection);
    std::unique_ptr<SqliteConnection> m_connection;
    QString m_deviceId;
    mutable QString m_region; // set once by init, then never changes: cached after the first read
    std::optional<HlcTimestamp> m_lastStamp;
    bool m_stampDirty = false;
};

namespace settings {
inline const QString kRegion = QStringLiteral("region");
inline const QString kDeviceId = QStringLiteral("device_id");
inline const QString kHlc = QStringLiteral("hlc");
inline const QString kServer = QStringLiteral("server");
inline const QString kLastSync = QStringLiteral("last_sync");
// Written at enrollment: the role and the server's pinned public keys (base64) and key epoch.
inline const QString kRole = QStringLiteral("role");
inline const QString kServerSignKey = QStringLiteral("server_sign_key");
inline const QString kServerBoxKey = QStringLiteral("server_box_key");
inline const QString kKeyEpoch = QStringLiteral("key_epoch");
// The server's log sequence number up to which this device has applied pulled pages.
inline const QString kPullCursor = QStringLiteral("pull_cursor");
} // namespace settings

} // namespace kjzy
