#include "core/JsonWriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace kjzy;

class TestJsonWriter : public QObject
{
    Q_OBJECT

private slots:
    void stringsRoundTripThroughAJsonParser_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QStringLiteral("张三");
        QTest::newRow("empty") << QString();
        QTest::newRow("quotes and backslash") << QStringLiteral("他说\"好\" C:\\dir");
        QTest::newRow("line breaks and tab") << QStringLiteral("□科技培训\n☑科技咨询\r\n\t其他");
        QTest::newRow("control characters") << QString(QChar(0x01)) + QStringLiteral("a") + QChar(0x1f);
        QTest::newRow("escape at both ends") << QStringLiteral("\"中间\"");
    }

    void stringsRoundTripThroughAJsonParser()
    {
        QFETCH(QString, text);
        JsonWriter json;
        json.beginObject().key(u"k").value(text).key(u"list").value(QStringList{text, QStringLiteral("x")});
        json.key(u"flag").value(true).key(u"none").null().endObject();
        QJsonParseError error{};
        const QJsonObject object = QJsonDocument::fromJson(json.text().toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(json.text()));
        QCOMPARE(object.value(u"k").toString(), text);
        QCOMPARE(object.value(u"list").toArray(), (QJsonArray{text, QStringLiteral("x")}));
        QCOMPARE(object.value(u"flag"), QJsonValue(true));
        QVERIFY(object.value(u"none").isNull());
    }

    void matchesQtsCompactFormForSortedKeys()
    {
        JsonWriter json;
        json.beginObject().key(u"a").value(QStringLiteral("1")).key(u"b").value(false).endObject();
        const QJsonObject object{{QStringLiteral("a"), QStringLiteral("1")}, {QStringLiteral("b"), false}};
        QCOMPARE(json.text(), QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
    }
};

QTEST_APPLESS_MAIN(TestJsonWriter)
#include "TestJsonWriter.moc"
