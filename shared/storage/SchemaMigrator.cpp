#include "SchemaMigrator.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace kjzy {

SchemaMigrator::SchemaMigrator(QList<Migration> migrations) : m_migrations(std::move(migrations))
{
    std::sort(m_migrations.begin(), m_migrations.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

Result<SchemaMigrator> SchemaMigrator::fromDirectory(const QString& directory)
{
    static const QRegularExpression fileName(QStringLiteral("^(\\d{4})_([a-z0-9_]+)\\.sql$"));
    const QDir dir(directory);
    QList<Migration> migrations;
    const auto entries = dir.entryList(QDir::Files, QDir::Name);
    for (const auto& entry : entries) {
        const auto match = fileName.match(entry);
        if (!match.hasMatch())
            return fail(ErrorCode::Internal, QStringLiteral("迁移文件名不符合 NNNN_name.sql：%1").arg(entry));
        QFile file(dir.filePath(entry));
        if (!file.open(QIODevice::ReadOnly))
            return fail(ErrorCode::Io, QStringLiteral("无法读取迁移文件 %1").arg(file.fileName()));
        migrations.append(
            Migration{match.captured(1).toInt(), match.captured(2), QString::fromUtf8(file.readAll())});
    }
    if (migrations.isEmpty())
        return fail(ErrorCode::Internal, QStringLiteral("目录 %1 中没有迁移文件").arg(directory));
    for (qsizetype i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != i + 1)
            return fail(
                ErrorCode::Internal,
                QStringLiteral("迁移编号不连续：期望 %1，实际 %2").arg(i + 1).arg(migrations[i].version));
    }
    return SchemaMigrator(std::move(migrations));
}

int SchemaMigrator::latestVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.last().version;
}

Result<int> SchemaMigrator::currentVersion(SqliteConnection& connection)
{
    auto value = connection.scalar(QStringLiteral("PRAGMA user_version"));
    if (!value)
        return fail(value.error());
    return value->toInt();
}

Result<int> SchemaMigrator::migrate(SqliteConnection& connection, int target) const
{
    if (target < 0)
        target = latestVersion();
    auto current = currentVersion(connection);
    if (!current)
        return fail(current.error());
    if (*current > latestVersion()) {
        return fail(ErrorCode::SchemaTooNew,
                    QStringLiteral("数据库 %1 的结构版本为 %2，高于本程序支持的版本 %3：请升级程序后再打开，"
                                   "本程序不会修改它")
                        .arg(connection.path())
                        .arg(*current)
                        .arg(latestVersion()));
    }
    if (*current >= target)
        return *current;

    auto transaction = SqliteTransaction::begin(connection);
    if (!transaction)
        return fail(transaction.error());
    for (const auto& migration : m_migrations) {
        if (migration.version <= *current || migration.version > target)
            continue;
        for (const auto& statement : splitStatements(migration.sql)) {
            if (auto ok = connection.execute(statement); !ok) {
                return fail(ErrorCode::Database, QStringLiteral("迁移 %1_%2 失败：%3")
                                                     .arg(migration.version, 4, 10, QLatin1Char('0'))
                                                     .arg(migration.name, ok.error().message));
            }
        }
    }
    // PRAGMA takes no bound parameters; `target` is an int we control.
    if (auto ok = connection.execute(QStringLiteral("PRAGMA user_version = %1").arg(target)); !ok)
        return fail(ok.error());
    if (auto ok = transaction->commit(); !ok)
        return fail(ok.error());
    return target;
}

QStringList SchemaMigrator::splitStatements(const QString& sql)
{
    QStringList statements;
    QString current;
    int blockDepth = 0; // inside CREATE TRIGGER … BEGIN … END
    const qsizetype n = sql.size();
    auto flushWord = [&](qsizetype end) {
        // Track BEGIN/END keywords that close a word ending at `end`.
        qsizetype start = end;
        while (start > 0 && sql[start - 1].isLetter())
            --start;
        const QString word = sql.mid(start, end - start).toUpper();
        if (word == u"BEGIN" && current.trimmed().toUpper().startsWith(u"CREATE"))
            ++blockDepth;
        else if (word == u"CASE" && blockDepth > 0) // CASE … END inside a trigger body
            ++blockDepth;
        else if (word == u"END" && blockDepth > 0)
            --blockDepth;
    };
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = sql[i];
        if (c == u'-' && i + 1 < n && sql[i + 1] == u'-') {
            while (i < n && sql[i] != u'\n')
                ++i;
            current += u'\n';
            continue;
        }
        if (c == u'/' && i + 1 < n && sql[i + 1] == u'*') {
            i += 2;
            while (i + 1 < n && !(sql[i] == u'*' && sql[i + 1] == u'/'))
                ++i;
            ++i;
            current += u' ';
            continue;
        }
        if (c == u'\'' || c == u'"') {
            const QChar quote = c;
            current += c;
            for (++i; i < n; ++i) {
                current += sql[i];
                if (sql[i] == quote) {
                    if (i + 1 < n && sql[i + 1] == quote) {
                        current += sql[++i];
                        continue;
                    }
                    break;
                }
            }
            continue;
        }
        if (c.isLetter()) {
            current += c;
            if (i + 1 == n || !sql[i + 1].isLetter())
                flushWord(i + 1);
            continue;
        }
        if (c == u';' && blockDepth == 0) {
            if (!current.trimmed().isEmpty())
                statements << current.trimmed();
            current.clear();
            continue;
        }
        current += c;
    }
    if (!current.trimmed().isEmpty())
        statements << current.trimmed();
    return statements;
}

} // namespace kjzy
