<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>kjzy::desktop::ImportFilePage</name>
    <message>
        <source>Choose the returned table</source>
        <translation>选择交回的表格</translation>
    </message>
    <message>
        <source>A unit&apos;s filled-in Attachment 1 (organizations) or Attachment 2 (volunteers), as .xlsx or .csv. Nothing is written until you confirm after the preview.</source>
        <translation>各单位填好的附件1（组织）或附件2（志愿者），.xlsx 或 .csv 格式。预览确认之前不会写入任何数据。</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Path of the .xlsx or .csv file</source>
        <translation>.xlsx 或 .csv 文件的路径</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>The file %1 does not exist or cannot be read.</source>
        <translation>文件 %1 不存在或无法读取。</translation>
    </message>
    <message>
        <source>Only .xlsx and .csv files can be imported. Save an .xls file as .xlsx first.</source>
        <translation>只能导入 .xlsx 和 .csv 文件。.xls 文件请先另存为 .xlsx。</translation>
    </message>
    <message>
        <source>Choose the table to import</source>
        <translation>选择要导入的表格</translation>
    </message>
    <message>
        <source>Tables (*.xlsx *.csv);;All files (*)</source>
        <translation>表格 (*.xlsx *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（不加入队伍）</translation>
    </message>
    <message>
        <source>Volunteers join &amp;team:</source>
        <translation>志愿者加入队伍(&amp;T)：</translation>
    </message>
    <message>
        <source>Only for Attachment 2: every volunteer of the table becomes a member of this team.</source>
        <translation>仅适用于附件2：表中的每位志愿者都成为该队伍的成员。</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::ImportJob</name>
    <message>
        <source>Cannot write the problem list %1: %2</source>
        <translation>无法写入问题清单 %1：%2</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::ImportPreviewModel</name>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Column %1 &quot;%2&quot;, value &quot;%3&quot;: %4 [%5]</source>
        <translation>%1 列「%2」，值「%3」：%4 [%5]</translation>
    </message>
    <message>
        <source>Changed: %1</source>
        <translation>改动：%1</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名/名称</translation>
    </message>
    <message>
        <source>Problems and notes</source>
        <translation>问题与说明</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::ImportPreviewPage</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>What importing would do with every row. Nothing has been written yet.</source>
        <translation>导入后每一行的结果。现在还没有写入任何数据。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <source>Checking every row of %1 ...</source>
        <translation>正在检查 %1 的每一行…</translation>
    </message>
    <message>
        <source>The file cannot be imported: %1</source>
        <translation>无法导入该文件：%1</translation>
    </message>
    <message>
        <source>volunteers (Attachment 2)</source>
        <translation>志愿者（附件2）</translation>
    </message>
    <message>
        <source>organizations (Attachment 1)</source>
        <translation>组织（附件1）</translation>
    </message>
    <message>
        <source>%1, sheet &quot;%2&quot;, %3 rows. Importing would add %4, update %5, leave %6 unchanged; %7 rows are rejected and %8 skipped.</source>
        <translation>%1，工作表「%2」，共 %3 行。导入将新增 %4，更新 %5，未变 %6；拒绝 %7 行，跳过 %8 行。</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::ImportRunPage</name>
    <message>
        <source>&amp;Save problem list...</source>
        <translation>保存问题清单(&amp;S)…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>A CSV list of every problem (row, column, value, reason) to send back to the unit that filled in the table</source>
        <translation>每个问题一行（行号、列、值、原因）的 CSV 清单，可发回填表单位修改</translation>
    </message>
    <message>
        <source>Importing %1 ...</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>没有导入任何数据：%1</translation>
    </message>
    <message>
        <source>Imported %1: %2 new, %3 updated, %4 unchanged, %5 rejected, %6 skipped.</source>
        <translation>已导入 %1：新增 %2，更新 %3，未变 %4，拒绝 %5，跳过 %6。</translation>
    </message>
    <message>
        <source>The rejected rows were not imported. Save the problem list and send it to the unit, or correct the rows and import the table again.</source>
        <translation>被拒绝的行没有导入。请保存问题清单发给填表单位，或改正这些行后再次导入该表格。</translation>
    </message>
    <message>
        <source>The new records wait in this computer until the next sync.</source>
        <translation>新数据保存在本机，下次同步时上传。</translation>
    </message>
    <message>
        <source>Problem list saved to %1</source>
        <translation>问题清单已保存到 %1</translation>
    </message>
    <message>
        <source>-problems</source>
        <translation>-问题清单</translation>
    </message>
    <message>
        <source>Save problem list</source>
        <translation>保存问题清单</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::ImportWizard</name>
    <message>
        <source>Import a table</source>
        <translation>导入表格</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::ProgressView</name>
    <message>
        <source>Export Attachment &amp;1 (organizations)...</source>
        <translation>导出附件1（组织）(&amp;1)…</translation>
    </message>
    <message>
        <source>Export Attachment &amp;2 (volunteers)...</source>
        <translation>导出附件2（志愿者）(&amp;2)…</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>已登记</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>还差</translation>
    </message>
    <message>
        <source>The table holds full ID and mobile numbers; the export is recorded in the audit log.</source>
        <translation>导出的表格含完整身份证号和手机号；每次导出都记入审计日志。</translation>
    </message>
    <message>
        <source>The figures cannot be read: %1</source>
        <translation>无法读取统计数字：%1</translation>
    </message>
    <message>
        <source>%1 (functional zone)</source>
        <translation>%1（功能区）</translation>
    </message>
    <message>
        <source>%1 of %2 registered</source>
        <translation>已登记 %1 / 目标 %2</translation>
    </message>
    <message>
        <source>%1: %2 volunteers registered of the target %3 (%4%), %5 still missing.</source>
        <translation>%1：已登记志愿者 %2 人，目标 %3 人（完成 %4%），还差 %5 人。</translation>
    </message>
    <message>
        <source>%1 of the %2 regions listed have not reached their target yet.</source>
        <translation>所列 %2 个地区中有 %1 个尚未达标。</translation>
    </message>
    <message>
        <source>%1 rows exported to %2 (full personal data: keep the file safe).</source>
        <translation>已导出 %1 行到 %2（含完整个人信息，请妥善保管）。</translation>
    </message>
    <message>
        <source>Exporting...</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Attachment 2 volunteers.xlsx</source>
        <translation>附件2 志愿者.xlsx</translation>
    </message>
    <message>
        <source>Attachment 1 organizations.xlsx</source>
        <translation>附件1 组织.xlsx</translation>
    </message>
    <message>
        <source>Export the template table</source>
        <translation>导出模板表格</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::RejectionsDialog</name>
    <message>
        <source>&amp;Edit...</source>
        <translation>修改(&amp;E)…</translation>
    </message>
    <message>
        <source>Rejected changes</source>
        <translation>被退回的更改</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名/名称</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Returned at</source>
        <translation>退回时间</translation>
    </message>
    <message>
        <source>Open the record to correct it; the correction goes out at the next sync</source>
        <translation>打开该记录进行修改；改后下次同步时上传</translation>
    </message>
    <message>
        <source>The database cannot be read: %1</source>
        <translation>无法读取数据库：%1</translation>
    </message>
    <message>
        <source>Volunteer</source>
        <translation>志愿者</translation>
    </message>
    <message>
        <source>Team membership</source>
        <translation>队伍成员关系</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>队伍</translation>
    </message>
    <message>
        <source>(deleted on this computer)</source>
        <translation>（本机已删除）</translation>
    </message>
    <message>
        <source>The server has returned no changes.</source>
        <translation>服务器没有退回任何更改。</translation>
    </message>
    <message>
        <source>The server returned %1 changes. Correct each record (Edit); the corrections go out at the next sync. The other changes were accepted.</source>
        <translation>服务器退回了 %1 条更改。请逐条修改（点“修改”），改后下次同步时上传。其他更改都已被接受。</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::SyncController</name>
    <message>
        <source>The server cannot be reached: %1
Nothing is lost: the changes stay on this computer. Sync again when the link is back, or carry a bundle file.</source>
        <translation>连接不上服务器：%1
数据没有丢失，更改都保存在本机。网络恢复后再点同步，或用数据包文件传递。</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>被拒绝：%1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>This computer is not enrolled with a server yet. Enroll it with the server address and the one-time code from your coordinator, or exchange bundle files.</source>
        <translation>本机尚未登记到服务器。请用协调员给出的服务器地址和一次性注册码登记，或用数据包文件交换数据。</translation>
    </message>
    <message>
        <source>Uploading changes %1/%2</source>
        <translation>上传更改 %1/%2</translation>
    </message>
    <message>
        <source>Downloading: page %1, %2 records</source>
        <translation>下载：第 %1 页，%2 条记录</translation>
    </message>
    <message>
        <source>Sync finished, but the server returned %1 of %2 changes with a reason. Open &quot;Rejected changes&quot; to correct them; they go out again at the next sync.</source>
        <translation>同步完成，但服务器退回了 %2 条更改中的 %1 条并说明了原因。请打开“被退回的更改”修改，改后下次同步会重新上传。</translation>
    </message>
    <message>
        <source>Sync finished: %1 changes sent and accepted, %2 records received.</source>
        <translation>同步完成：上传并被接受 %1 条更改，下载 %2 条记录。</translation>
    </message>
    <message>
        <source>This computer is not enrolled with a server yet: a bundle can only be made for the server it is enrolled with.</source>
        <translation>本机尚未登记到服务器：数据包只能为已登记的服务器生成。</translation>
    </message>
    <message>
        <source>Cannot write the bundle file %1: %2</source>
        <translation>无法写入数据包文件 %1：%2</translation>
    </message>
    <message>
        <source>Bundle saved to %1: %2 change sets (%3 changes). Take it to the server to be imported there, then import the reply file here.</source>
        <translation>数据包已保存到 %1：%2 个变更集（%3 条更改）。请带到服务器导入，再把服务器给出的回执文件导入本机。</translation>
    </message>
    <message>
        <source>Cannot read the reply file %1: %2</source>
        <translation>无法读取回执文件 %1：%2</translation>
    </message>
    <message>
        <source>The reply file %1 is larger than any reply can be: refused.</source>
        <translation>回执文件 %1 超过大小上限，拒绝导入。</translation>
    </message>
    <message>
        <source>The reply file was changed on the way or is not meant for this computer; nothing was applied. (%1)</source>
        <translation>回执文件在传递中被改动过，或不是给本机的，没有导入任何内容。（%1）</translation>
    </message>
    <message>
        <source>Reply imported, but the server returned %1 changes with a reason. Open &quot;Rejected changes&quot; to correct them.</source>
        <translation>回执已导入，但服务器退回了 %1 条更改并说明了原因。请打开“被退回的更改”修改。</translation>
    </message>
    <message>
        <source>Reply imported: %1 changes accepted, %2 records received.</source>
        <translation>回执已导入：%1 条更改被接受，收到 %2 条记录。</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::SyncStatusBar</name>
    <message>
        <source>Show the changes the server returned, with the reasons</source>
        <translation>查看服务器退回的更改及原因</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Send the changes of this computer and fetch the latest records (F5)</source>
        <translation>上传本机的更改并下载最新登记（F5）</translation>
    </message>
    <message>
        <source>Syncing...</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Database unreadable</source>
        <translation>无法读取数据库</translation>
    </message>
    <message>
        <source>Pending: %1</source>
        <translation>待同步 %1</translation>
    </message>
    <message>
        <source>Changes on this computer not yet accepted by the server</source>
        <translation>本机尚未被服务器接受的更改</translation>
    </message>
    <message>
        <source>Returned: %1</source>
        <translation>被退回 %1</translation>
    </message>
    <message>
        <source>Last sync: never</source>
        <translation>最近同步：从未</translation>
    </message>
    <message>
        <source>Last sync: %1</source>
        <translation>最近同步：%1</translation>
    </message>
    <message>
        <source>Not enrolled</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>This computer works on its own; enroll it with a server to sync.</source>
        <translation>本机单独工作；登记到服务器后才能同步。</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>The server answered</source>
        <translation>服务器有应答</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>The server does not answer. Work goes on; the changes wait on this computer.</source>
        <translation>服务器没有应答。可以照常工作，更改保存在本机等待同步。</translation>
    </message>
    <message>
        <source>Not yet in touch with the server</source>
        <translation>尚未连接服务器</translation>
    </message>
</context>
</TS>
