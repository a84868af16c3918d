#pragma once

#include "ServerKeys.h"
#include "store/SqliteRegistryStore.h"

#include <memory>

namespace kjzy {

// The server's data directory: the registry database (DIR/registry.db) and its keys (DIR/keys/).
class ServerData
{
public:
    // `kjzy-server init`: creates the directory, the database and the keys. Refuses a directory
    // that already holds a server (it would orphan the enrolled devices' pinned keys).
    static Result<std::unique_ptr<ServerData>> create(const QString& directory);
    static Result<std::unique_ptr<ServerData>> open(const QString& directory);

    RegistryStore& store() { return *m_store; }
    const ServerKeys& keys() const { return *m_keys; }
    const QString& directory() const { return m_directory; }

private:
    ServerData(QString directory, std::unique_ptr<SqliteRegistryStore> store,
               std::unique_ptr<ServerKeys> keys)
        : m_directory(std::move(directory)), m_store(std::move(store)), m_keys(std::move(keys))
    {}
    QString m_directory;
    std::unique_ptr<SqliteRegistryStore> m_store;
    std::unique_ptr<ServerKeys> m_keys;
};

} // namespace kjzy
