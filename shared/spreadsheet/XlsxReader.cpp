#include "XlsxReader.h"

#include "NumberFormatTable.h"
#include "SharedStringTable.h"
#include "WorksheetReader.h"
#include "XmlPartReader.h"
#include "ZipPackage.h"

#include <QHash>
#include <QUrl>

namespace kjzy {

namespace {

struct Relationship
{
    QString type;   // the full type URI
    QString target; // resolved part name, no leading '/'
    bool external = false;
};

struct SheetEntry
{
    QString name;
    QString relationshipId;
};

bool typeIs(const QString& type, QStringView suffix)
{
    return type.endsWith(suffix) && type.size() > suffix.size() &&
           type[type.size() - suffix.size() - 1] == u'/';
}

QString directoryOf(const QString& partName)
{
    const qsizetype slash = partName.lastIndexOf(u'/');
    return slash < 0 ? QString() : partName.left(slash);
}

QString fileOf(const QString& partName)
{
    return partName.mid(partName.lastIndexOf(u'/') + 1);
}

// A relationship target relative to `baseDir` (or absolute from the package root) as a part name.
QString resolvePart(const QString& baseDir, QString target)
{
    if (target.contains(u'%'))
        target = QUrl::fromPercentEncoding(target.toUtf8());
    target.replace(u'\\', u'/');
    const QString joined = target.startsWith(u'/') || baseDir.isEmpty() ? target : baseDir + u'/' + target;
    QStringList segments;
    for (const QString& segment : joined.split(u'/', Qt::SkipEmptyParts)) {
        if (segment == u".")
            continue;
        if (segment == u"..") {
            if (!segments.isEmpty())
                segments.removeLast();
            continue;
        }
        segments.append(segment);
    }
    return segments.join(u'/');
}

QString relationshipsPartOf(const QString& partName)
{
    const QString dir = directoryOf(partName);
    const QString rels = QStringLiteral("_rels/") + fileOf(partName) + QStringLiteral(".rels");
    return dir.isEmpty() ? rels : dir + u'/' + rels;
}

// An attribute in any namespace with this local name (r:id is in the relationships namespace,
// whose URI differs between transitional and strict OOXML).
QStringView namespacedAttribute(const QXmlStreamAttributes& attributes, QStringView localName)
{
    for (const QXmlStreamAttribute& attribute : attributes) {
        if (attribute.name() == localName && !attribute.namespaceUri().isEmpty())
            return attribute.value();
    }
    return {};
}

Result<QHash<QString, Relationship>> readRelationships(ZipPackage& package, const QString& relsPart,
                                                       const QString& baseDir)
{
    QHash<QString, Relationship> relationships;
    XmlPartReader part(package, relsPart);
    if (!part.open())
        return fail(part.error());
    QXmlStreamReader& xml = part.xml();
    while (true) {
        const QXmlStreamReader::TokenType token = part.next();
        if (token == QXmlStreamReader::Invalid)
            return fail(part.error());
        if (token == QXmlStreamReader::EndDocument)
            break;
        if (token != QXmlStreamReader::StartElement || xml.name() != u"Relationship")
            continue;
        const QXmlStreamAttributes attributes = xml.attributes();
        Relationship relationship;
        relationship.type = attributes.value(QStringLiteral("Type")).toString();
        relationship.external = attributes.value(QStringLiteral("TargetMode")) == u"External";
        const QString target = attributes.value(QStringLiteral("Target")).toString();
        relationship.target = relationship.external ? target : resolvePart(baseDir, target);
        relationships.insert(attributes.value(QStringLiteral("Id")).toString(), relationship);
    }
    if (!part.finish())
        return fail(part.error());
    return relationships;
}

// The workbook part named by the package relationships (normally xl/workbook.xml).
Result<QString> findWorkbookPart(ZipPackage& package)
{
    const QString fallback = QStringLiteral("xl/workbook.xml");
    const QString rootRels = QStringLiteral("_rels/.rels");
    if (!package.contains(rootRels))
        return fallback;
    auto relationships = readRelationships(package, rootRels, QString());
    if (!relationships)
        return fail(relationships.error());
    for (const Relationship& relationship : std::as_const(*relationships)) {
        if (!relationship.external && typeIs(relationship.type, u"officeDocument") &&
            package.contains(relationship.target))
            return relationship.target;
    }
    return fallback;
}

struct WorkbookInfo
{
    QList<SheetEntry> sheets;
    bool date1904 = false;
};

Result<WorkbookInfo> readWorkbook(ZipPackage& package, const QString& workbookPart)
{
    WorkbookInfo info;
    XmlPartReader part(package, workbookPart);
    if (!part.open())
        return fail(part.error());
    QXmlStreamReader& xml = part.xml();
    while (true) {
        const QXmlStreamReader::TokenType token = part.next();
        if (token == QXmlStreamReader::Invalid)
            return fail(part.error());
        if (token == QXmlStreamReader::EndDocument)
            break;
        if (token != QXmlStreamReader::StartElement)
            continue;
        const QStringView name = xml.name();
        if (name == u"workbookPr") {
            const QXmlStreamAttributes attributes = xml.attributes();
            const QStringView value = attributes.value(QStringLiteral("date1904"));
            info.date1904 = value == u"1" || value.compare(u"true", Qt::CaseInsensitive) == 0;
        } else if (name == u"sheet") {
            const QXmlStreamAttributes attributes = xml.attributes();
            info.sheets.append(SheetEntry{attributes.value(QStringLiteral("name")).toString(),
                                          namespacedAttribute(attributes, u"id").toString()});
        }
    }
    if (!part.finish())
        return fail(part.error());
    return info;
}

// The part a workbook relationship of this type points at, or the conventional name when the
// relationships do not list it but the package holds it.
QString findPart(const ZipPackage& package, const QHash<QString, Relationship>& relationships,
                 QStringView type, const QString& conventional)
{
    for (const Relationship& relationship : relationships) {
        if (!relationship.external && typeIs(relationship.type, type))
            return relationship.target;
    }
    return package.contains(conventional) ? conventional : QString();
}

} // namespace

Result<QList<SheetData>> XlsxReader::read(const QString& path, const WorkbookLimits& limits)
{
    ZipPackage package(path, limits);
    if (auto opened = package.open(); !opened)
        return fail(opened.error());
    const QString& file = package.label();

    auto workbookPart = findWorkbookPart(package);
    if (!workbookPart)
        return fail(workbookPart.error());
    if (!package.contains(*workbookPart))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("文件 %1 缺少 %2，不是有效的 xlsx 工作簿").arg(file, *workbookPart));
    auto workbook = readWorkbook(package, *workbookPart);
    if (!workbook)
        return fail(workbook.error());

    const QString baseDir = directoryOf(*workbookPart);
    const QString relsPart = relationshipsPartOf(*workbookPart);
    QHash<QString, Relationship> relationships;
    if (package.contains(relsPart)) {
        auto read = readRelationships(package, relsPart, baseDir);
        if (!read)
            return fail(read.error());
        relationships = std::move(*read);
    }

    NumberFormatTable formats;
    const QString stylesPart = findPart(package, relationships, u"styles", QStringLiteral("xl/styles.xml"));
    if (!stylesPart.isEmpty()) {
        XmlPartReader part(package, stylesPart);
        if (!part.open() || !formats.load(part))
            return fail(part.error());
    }

    SharedStringTable strings;
    const QString stringsPart =
        findPart(package, relationships, u"sharedStrings", QStringLiteral("xl/sharedStrings.xml"));
    if (!stringsPart.isEmpty()) {
        XmlPartReader part(package, stringsPart);
        if (!part.open() || !strings.load(part, limits))
            return fail(part.error());
    }

    QList<SheetData> sheets;
    qint64 cellBudget = limits.maxCells;
    WorksheetReader worksheetReader(strings, formats, workbook->date1904, limits, &cellBudget);
    for (const SheetEntry& entry : std::as_const(workbook->sheets)) {
        const auto relationship = relationships.constFind(entry.relationshipId);
        if (relationship == relationships.constEnd() || relationship->external)
            return fail(ErrorCode::InvalidInput,
                        QStringLiteral("文件 %1 的工作表“%2”找不到对应的内容，工作簿结构不完整")
                            .arg(file, entry.name));
        if (!typeIs(relationship->type, u"worksheet"))
            continue; // chart sheets, dialog and macro sheets hold no cells
        SheetData sheet;
        sheet.name = entry.name;
        XmlPartReader part(package, relationship->target);
        if (!part.open() || !worksheetReader.read(part, sheet))
            return fail(part.error());
        sheets.append(std::move(sheet));
    }
    if (sheets.isEmpty())
        return fail(ErrorCode::InvalidInput, QStringLiteral("文件 %1 中没有工作表").arg(file));
    return sheets;
}

} // namespace kjzy
