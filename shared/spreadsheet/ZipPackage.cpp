#include "ZipPackage.h"

#include "ZipEntryReader.h"

#include <QFile>
#include <QFileInfo>

#include <quazip.h>

namespace kjzy {

namespace {

QString partKey(const QString& partName)
{
    QString key = partName.toLower();
    key.replace(u'\\', u'/');
    while (key.startsWith(u'/'))
        key.remove(0, 1);
    return key;
}

} // namespace

ZipPackage::ZipPackage(const QString& path, const WorkbookLimits& limits)
    : m_path(path), m_label(QFileInfo(path).fileName()), m_limits(limits)
{
    if (m_label.isEmpty())
        m_label = path;
}

ZipPackage::~ZipPackage()
{
    if (m_zip && m_zip->isOpen())
        m_zip->close();
}

Status ZipPackage::open()
{
    const QFileInfo info(m_path);
    if (!info.exists())
        return fail(ErrorCode::Io, QStringLiteral("找不到文件 %1").arg(m_label));
    if (info.isDir())
        return fail(ErrorCode::Io, QStringLiteral("%1 是文件夹，不是工作簿文件").arg(m_label));
    {
        QFile probe(m_path);
        if (!probe.open(QIODevice::ReadOnly))
            return fail(ErrorCode::Io,
                        QStringLiteral("无法打开文件 %1：%2").arg(m_label, probe.errorString()));
    }

    const QString notWorkbook =
        QStringLiteral("文件 %1 不是有效的 xlsx 工作簿（无法按 zip 格式读取），可能已损坏、未完整复制，"
                       "或是其他格式的文件另存了 .xlsx 扩展名")
            .arg(m_label);
    m_zip = std::make_unique<QuaZip>(m_path);
    m_zip->setUtf8Enabled(true);
    if (!m_zip->open(QuaZip::mdUnzip))
        return fail(ErrorCode::InvalidInput, notWorkbook);

    const QString tooMany = QStringLiteral("文件 %1 含有超过 %2 个压缩条目，超出上限，已拒绝")
                                .arg(m_label)
                                .arg(m_limits.maxEntries);
    if (m_zip->getEntriesCount() > m_limits.maxEntries)
        return fail(ErrorCode::InvalidInput, tooMany);

    int count = 0;
    for (bool more = m_zip->goToFirstFile(); more; more = m_zip->goToNextFile()) {
        if (++count > m_limits.maxEntries)
            return fail(ErrorCode::InvalidInput, tooMany);
        unz64_file_pos position{};
        if (unzGetFilePos64(m_zip->getUnzFile(), &position) != UNZ_OK)
            return fail(ErrorCode::InvalidInput, notWorkbook);
        const QString key = partKey(m_zip->getCurrentFileName());
        if (!m_entries.contains(key))
            m_entries.insert(key, Position{position.pos_in_zip_directory, position.num_of_file});
    }
    if (m_zip->getZipError() != UNZ_OK)
        return fail(ErrorCode::InvalidInput, notWorkbook);
    return {};
}

bool ZipPackage::contains(const QString& partName) const
{
    return m_entries.contains(partKey(partName));
}

std::unique_ptr<ZipEntryReader> ZipPackage::entry(const QString& partName)
{
    const auto it = m_entries.constFind(partKey(partName));
    if (it == m_entries.constEnd() || !m_zip)
        return nullptr;
    // QuaZipFile insists on QuaZip knowing a current file; then jump straight to the entry.
    if (!m_zip->goToFirstFile())
        return nullptr;
    unz64_file_pos position{};
    position.pos_in_zip_directory = it->directoryOffset;
    position.num_of_file = it->fileNumber;
    if (unzGoToFilePos64(m_zip->getUnzFile(), &position) != UNZ_OK)
        return nullptr;
    return std::make_unique<ZipEntryReader>(m_zip.get(), &m_inflated, m_limits.maxInflatedBytes);
}

QString ZipPackage::sizeText(qint64 bytes)
{
    constexpr qint64 kKiB = 1024;
    constexpr qint64 kMiB = 1024 * kKiB;
    if (bytes >= kMiB)
        return bytes % kMiB == 0 ? QStringLiteral("%1 MiB").arg(bytes / kMiB)
                                 : QStringLiteral("%1 MiB").arg(double(bytes) / kMiB, 0, 'f', 1);
    if (bytes >= kKiB && bytes % kKiB == 0)
        return QStringLiteral("%1 KiB").arg(bytes / kKiB);
    return QStringLiteral("%1 字节").arg(bytes);
}

} // namespace kjzy
