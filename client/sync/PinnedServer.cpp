#include "PinnedServer.h"

namespace kjzy {

Result<PinnedServer> PinnedServer::load(ClientDatabase& database)
{
    PinnedServer server;
    auto url = database.setting(settings::kServer);
    auto sign = database.setting(settings::kServerSignKey);
    auto box = database.setting(settings::kServerBoxKey);
    auto epoch = database.setting(settings::kKeyEpoch);
    if (!url || !sign || !box || !epoch)
        return fail(ErrorCode::Database, QStringLiteral("无法读取服务器设置"));
    server.url = *url;
    server.signKey = QByteArray::fromBase64(sign->toLatin1());
    server.boxKey = QByteArray::fromBase64(box->toLatin1());
    server.keyEpoch = epoch->toUInt();
    if (server.url.isEmpty() || server.signKey.size() != 32 || server.boxKey.size() != 32 ||
        server.keyEpoch == 0)
        return fail(ErrorCode::Auth,
                    QStringLiteral("本设备尚未注册：请先运行 kjzy enroll --server 地址 --code 注册码"));
    return server;
}

Status PinnedServer::save(ClientDatabase& database) const
{
    for (const auto& [key, value] :
         {std::pair{settings::kServer, url},
          std::pair{settings::kServerSignKey, QString::fromLatin1(signKey.toBase64())},
          std::pair{settings::kServerBoxKey, QString::fromLatin1(boxKey.toBase64())},
          std::pair{settings::kKeyEpoch, QString::number(keyEpoch)}}) {
        if (auto saved = database.setSetting(key, value); !saved)
            return saved;
    }
    return {};
}

} // namespace kjzy
