#include "model/FieldMap.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kjzy;
using namespace Qt::StringLiterals;

// FieldMap replaced QJsonObject for record fields: everything written from it (the wire's field
// shapes, outbox and registry JSON text) must be what the QJsonObject gave, so these tests hold it
// against QJsonObject itself.
class TestFieldMap : public QObject
{
    Q_OBJECT

private:
    static QJsonObject sample()
    {
        return QJsonObject{
            {u"name"_s, u"张\"伟\\ \n\t\u0001\u001f/é"_s},
            {u"deleted"_s, false},
            {u"three_heads"_s, true},
            {u"parent"_s, QJsonValue()},
            {u"service_fields"_s, QJsonArray{u"科普"_s, u"a\"b"_s}},
            {u"empty"_s, QJsonArray{}},
            {u"*odd key\""_s, u""_s},
            {u"county"_s, u"410105"_s},
        };
    }

private slots:
    void iteratesInQJsonObjectKeyOrderWhateverTheInsertionOrder()
    {
        const QJsonObject json = sample();
        FieldMap forward;
        for (const QString& key : json.keys())
            forward.insert(key, FieldValue::fromJson(json.value(key)));
        FieldMap backward;
        QStringList reversed = json.keys();
        std::reverse(reversed.begin(), reversed.end());
        for (const QString& key : reversed)
            backward.insert(key, FieldValue::fromJson(json.value(key)));
        QCOMPARE(forward.keys(), json.keys());
        QCOMPARE(backward.keys(), json.keys());
        QCOMPARE(forward, backward);
        QStringList iterated;
        for (auto it = backward.constBegin(); it != backward.constEnd(); ++it)
            iterated << it.key();
        QCOMPARE(iterated, json.keys());
    }

    void jsonTextIsWhatQJsonDocumentWrites()
    {
        const QJsonObject json = sample();
        const FieldMap fields(json);
        QCOMPARE(fields.toJsonText().toUtf8(), QJsonDocument(json).toJson(QJsonDocument::Compact));
        QCOMPARE(FieldMap().toJsonText(), u"{}"_s);
        QCOMPARE(fields.toJson(), json);
    }

    void valuesKeepTheirKinds()
    {
        const FieldMap fields(sample());
        QCOMPARE(fields.value(QLatin1StringView("county")).toString(), u"410105"_s);
        QCOMPARE(fields.value(u"county"_s), FieldValue(u"410105"_s));
        QVERIFY(fields.value(u"parent"_s).isNull());
        QVERIFY(fields.contains(u"parent"_s));
        QVERIFY(fields.value(u"missing"_s).isUndefined());
        QVERIFY(!fields.contains(u"missing"_s));
        QVERIFY(fields.find(u"missing"_s) == nullptr);
        QCOMPARE(fields.value(u"three_heads"_s).toBool(), true);
        QCOMPARE(fields.value(u"deleted"_s).toBool(true), false);
        QCOMPARE(fields.value(u"service_fields"_s).toStringList(), (QStringList{u"科普"_s, u"a\"b"_s}));
        QVERIFY(fields.value(u"empty"_s).isArray());
        // Another kind gives the default, as QJsonValue does.
        QCOMPARE(fields.value(u"three_heads"_s).toString(), QString());
        QCOMPARE(fields.value(u"county"_s).toBool(true), true);
        QCOMPARE(fields.value(u"county"_s).toStringList(), QStringList());
        QVERIFY(FieldValue(u"1"_s) != FieldValue(true));
        QVERIFY(FieldValue(nullptr) != FieldValue());
        QVERIFY(FieldValue(QStringList{}) != FieldValue(u""_s));
    }

    void insertReplacesRemovesAndAbsentRemoves()
    {
        FieldMap fields{{u"name"_s, u"张三"_s}, {u"mobile"_s, u"13800138000"_s}};
        fields.insert(u"name"_s, u"李四"_s);
        QCOMPARE(fields.size(), 2);
        QCOMPARE(fields.value(u"name"_s).toString(), u"李四"_s);
        fields.insert(u"mobile"_s, FieldValue());
        QCOMPARE(fields.keys(), QStringList{u"name"_s});
        fields.remove(u"name"_s);
        QVERIFY(fields.isEmpty());
        fields[u"gender"_s] = u"女"_s;
        QVERIFY(fields[u"deleted"_s].isNull()); // inserted as null, as QJsonObject does
        QCOMPARE(fields.keys(), (QStringList{u"deleted"_s, u"gender"_s}));
    }

    void jsonValuesNoFieldHoldsBecomeNull()
    {
        // Numbers and objects never travel (SyncWire refuses them); from JSON they are null, so
        // the validators see a missing value rather than a guess at its text.
        const FieldMap fields(QJsonObject{{u"n"_s, 3}, {u"o"_s, QJsonObject{{u"k"_s, 1}}}});
        QVERIFY(fields.value(u"n"_s).isNull());
        QVERIFY(fields.value(u"o"_s).isNull());
    }
};

QTEST_GUILESS_MAIN(TestFieldMap)
#include "TestFieldMap.moc"
