#pragma once

#include "XlsxReader.h"

#include <QHash>
#include <QString>

#include <memory>

class QuaZip;

namespace kjzy {

class ZipEntryReader;

// An .xlsx file opened as a zip package: checks the entry count against the limits, indexes the
// part names (case-insensitively, as OPC requires) and hands out one entry reader at a time, all
// of them drawing on one inflation budget.
class ZipPackage
{
public:
    ZipPackage(const QString& path, const WorkbookLimits& limits);
    ~ZipPackage();
    ZipPackage(const ZipPackage&) = delete;
    ZipPackage& operator=(const ZipPackage&) = delete;

    // Io when the file cannot be opened at all, InvalidInput when it is no zip or has too many
    // entries.
    Status open();

    bool contains(const QString& partName) const;
    // A reader positioned on `partName`, not yet opened; nullptr when there is no such part.
    std::unique_ptr<ZipEntryReader> entry(const QString& partName);

    // The file as messages name it.
    const QString& label() const { return m_label; }
    const WorkbookLimits& limits() const { return m_limits; }
    qint64 inflatedBytes() const { return m_inflated; }

    // "256 MiB", "1.5 MiB", "300 KiB", "512 字节".
    static QString sizeText(qint64 bytes);

private:
    struct Position
    {
        quint64 directoryOffset = 0;
        quint64 fileNumber = 0;
    };

    QString m_path;
    QString m_label;
    WorkbookLimits m_limits;
    std::unique_ptr<QuaZip> m_zip;
    QHash<QString, Position> m_entries; // lower-cased part name, no leading '/'
    qint64 m_inflated = 0;
};

} // namespace kjzy
