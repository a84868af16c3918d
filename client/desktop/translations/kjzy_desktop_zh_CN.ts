<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>kjzy::desktop::DesktopApp</name>
    <message>
        <source>kjzy</source>
        <translation>科技志愿者登记</translation>
    </message>
    <message>
        <source>Science and Technology Volunteers</source>
        <translation>科技志愿者登记</translation>
    </message>
    <message>
        <source>kjzy desktop client: register teams and volunteers, import spreadsheets, sync with the server.</source>
        <translation>kjzy 桌面客户端：登记队伍和志愿者，导入表格，与服务器同步。</translation>
    </message>
    <message>
        <source>Local database file</source>
        <translation>本地数据库文件</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::FirstStartDialog</name>
    <message>
        <source>kjzy – first start</source>
        <translation>科技志愿者登记 — 首次使用</translation>
    </message>
    <message>
        <source>(the whole province)</source>
        <translation>（全省）</translation>
    </message>
    <message>
        <source>(the whole city)</source>
        <translation>（全市）</translation>
    </message>
    <message>
        <source>&amp;Enroll this computer with the server now</source>
        <translation>现在把本机登记到服务器(&amp;E)</translation>
    </message>
    <message>
        <source>one-time code from the coordinator</source>
        <translation>协调员给出的一次性注册码</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始使用(&amp;S)</translation>
    </message>
    <message>
        <source>Choose the region this computer registers volunteers for. Records outside it cannot be entered here. The region cannot be changed later.</source>
        <translation>请选择本机负责登记的地区。不属于该地区的记录不能在本机录入。地区选定后不能再更改。</translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation>管理地区(&amp;R)</translation>
    </message>
    <message>
        <source>Server (optional)</source>
        <translation>服务器（可选）</translation>
    </message>
    <message>
        <source>Without enrolling the program works fully offline; you can exchange data bundles on a USB stick or enroll later with "kjzy enroll".</source>
        <translation>不登记也能完全离线使用：可以用U盘交换数据包，也可以以后再用“kjzy enroll”登记。</translation>
    </message>
    <message>
        <source>Server &amp;address</source>
        <translation>服务器地址(&amp;A)</translation>
    </message>
    <message>
        <source>One-time &amp;code</source>
        <translation>一次性注册码(&amp;C)</translation>
    </message>
    <message>
        <source>The server address should look like https://host:port</source>
        <translation>服务器地址应形如 https://主机:端口</translation>
    </message>
    <message>
        <source>Enrolling with %1 …</source>
        <translation>正在登记到 %1 …</translation>
    </message>
    <message>
        <source>Enrolled: device %1</source>
        <translation>已登记，设备编号 %1</translation>
    </message>
    <message>
        <source>Enrollment failed: %1</source>
        <translation>登记失败：%1</translation>
    </message>
    <message>
        <source>Enroll with the server</source>
        <translation>登记到服务器</translation>
    </message>
    <message>
        <source>&amp;Enroll</source>
        <translation>登记(&amp;E)</translation>
    </message>
    <message>
        <source>Without enrolling the program works fully offline; you can exchange data bundles on a USB stick, or enroll later (menu Sync → Enroll with the server).</source>
        <translation>不登记也能完全离线使用：可以用U盘交换数据包，也可以以后在“同步”菜单中选择“登记到服务器”。</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::FormDialog</name>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>To fill in or correct: %1</source>
        <translation>还需填写或更正：%1</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::MainWindow</name>
    <message>
        <source>kjzy – Science and Technology Volunteers</source>
        <translation>科技志愿者登记</translation>
    </message>
    <message>
        <source>&amp;Import spreadsheet…</source>
        <translation>导入表格(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Export data bundle…</source>
        <translation>导出数据包(&amp;E)…</translation>
    </message>
    <message>
        <source>Import &amp;reply bundle…</source>
        <translation>导入回执(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Add volunteer…</source>
        <translation>新增志愿者(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit volunteer…</source>
        <translation>编辑志愿者(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Delete volunteer</source>
        <translation>删除志愿者(&amp;D)</translation>
    </message>
    <message>
        <source>Show &amp;full details</source>
        <translation>显示完整信息(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Mask details again</source>
        <translation>重新打码(&amp;M)</translation>
    </message>
    <message>
        <source>Add &amp;team…</source>
        <translation>新增队伍(&amp;T)…</translation>
    </message>
    <message>
        <source>Edit tea&amp;m…</source>
        <translation>编辑队伍(&amp;M)…</translation>
    </message>
    <message>
        <source>Delete team</source>
        <translation>删除队伍</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Sync now</source>
        <translation>同步(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Rejected records…</source>
        <translation>被退回的记录(&amp;R)…</translation>
    </message>
    <message>
        <source>Volunteers and teams</source>
        <translation>志愿者与队伍</translation>
    </message>
    <message>
        <source>Progress against targets</source>
        <translation>登记进度</translation>
    </message>
    <message>
        <source>&amp;About kjzy</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Records</source>
        <translation>记录(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>同步(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>常用操作</translation>
    </message>
    <message>
        <source>Searc&amp;h:</source>
        <translation>查找(&amp;H)：</translation>
    </message>
    <message>
        <source>name, last digits of the ID number, or mobile</source>
        <translation>姓名、身份证号后几位或手机号</translation>
    </message>
    <message>
        <source>&amp;Volunteers and teams</source>
        <translation>志愿者与队伍(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Progress against targets</source>
        <translation>登记进度(&amp;P)</translation>
    </message>
    <message>
        <source>Could not read the local database: %1</source>
        <translation>无法读取本地数据库：%1</translation>
    </message>
    <message>
        <source>kjzy – Science and Technology Volunteers – %1</source>
        <translation>科技志愿者登记 — %1</translation>
    </message>
    <message>
        <source>%1 of %2 volunteers</source>
        <translation>显示 %1 名，共 %2 名志愿者</translation>
    </message>
    <message>
        <source>Volunteer saved</source>
        <translation>志愿者已保存</translation>
    </message>
    <message>
        <source>Delete volunteer</source>
        <translation>删除志愿者</translation>
    </message>
    <message>
        <source>Delete the volunteer "%1"? The deletion is synced to the server.</source>
        <translation>确定删除志愿者“%1”吗？删除会同步到服务器。</translation>
    </message>
    <message>
        <source>Volunteer "%1" deleted</source>
        <translation>已删除志愿者“%1”</translation>
    </message>
    <message>
        <source>Team saved</source>
        <translation>队伍已保存</translation>
    </message>
    <message>
        <source>Delete the team "%1"? Its members stay registered.</source>
        <translation>确定删除队伍“%1”吗？队员的登记信息会保留。</translation>
    </message>
    <message>
        <source>Team "%1" deleted</source>
        <translation>已删除队伍“%1”</translation>
    </message>
    <message>
        <source>Full details of %1 volunteer(s) shown; this was recorded in the audit log</source>
        <translation>已显示 %1 名志愿者的完整信息，此操作已记入审计日志</translation>
    </message>
    <message>
        <source>Export data bundle</source>
        <translation>导出数据包</translation>
    </message>
    <message>
        <source>kjzy data bundles (*.kjzy)</source>
        <translation>kjzy 数据包 (*.kjzy)</translation>
    </message>
    <message>
        <source>Import reply bundle</source>
        <translation>导入回执</translation>
    </message>
    <message>
        <source>About kjzy</source>
        <translation>关于科技志愿者登记</translation>
    </message>
    <message>
        <source>kjzy %1 – registry of Henan's science and technology volunteers.
Local database: %2</source>
        <translation>kjzy %1 —— 河南省科技志愿者登记系统。
本地数据库：%2</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入表格</translation>
    </message>
    <message>
        <source>Add volunteer</source>
        <translation>新增志愿者</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Add team</source>
        <translation>新增队伍</translation>
    </message>
    <message>
        <source>Show details</source>
        <translation>显示完整信息</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>被退回的记录</translation>
    </message>
    <message>
        <source>&amp;Enroll with the server…</source>
        <translation>登记到服务器(&amp;E)…</translation>
    </message>
    <message>
        <source>Enrolled with the server: press Sync to send and fetch the records</source>
        <translation>已登记到服务器：点“同步”即可上传和下载登记</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::RegionPicker</name>
    <message>
        <source>(choose a city)</source>
        <translation>（请选择市）</translation>
    </message>
    <message>
        <source>(choose a county)</source>
        <translation>（请选择县区）</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::TeamDialog</name>
    <message>
        <source>Add team</source>
        <translation>新增队伍</translation>
    </message>
    <message>
        <source>Edit team</source>
        <translation>编辑队伍</translation>
    </message>
    <message>
        <source>&amp;Use this name</source>
        <translation>采用规范名称(&amp;U)</translation>
    </message>
    <message>
        <source>(from the name)</source>
        <translation>（按名称自动判断）</translation>
    </message>
    <message>
        <source>11-digit mobile number</source>
        <translation>11位手机号</translation>
    </message>
    <message>
        <source>e.g. 2021-05-01</source>
        <translation>例如 2021-05-01</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>组织名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation>所在区域(&amp;R)</translation>
    </message>
    <message>
        <source>Ca&amp;tegory</source>
        <translation>队伍类别(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Parent team</source>
        <translation>上级队伍(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Administrator's mobile</source>
        <translation>管理员手机号(&amp;A)</translation>
    </message>
    <message>
        <source>Registered with civil a&amp;ffairs</source>
        <translation>是否在民政部门注册(&amp;F)</translation>
    </message>
    <message>
        <source>Supervisor t&amp;ype</source>
        <translation>主管单位类型(&amp;Y)</translation>
    </message>
    <message>
        <source>Super&amp;visor</source>
        <translation>主管单位(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Founded</source>
        <translation>成立日期(&amp;F)</translation>
    </message>
    <message>
        <source>Service &amp;categories</source>
        <translation>服务类别(&amp;C)</translation>
    </message>
    <message>
        <source>(province-level team)</source>
        <translation>（省级队伍）</translation>
    </message>
    <message>
        <source>(city-level team)</source>
        <translation>（市级队伍）</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Standard name: %1</source>
        <translation>规范名称：%1</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::TeamTreeModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2人）</translation>
    </message>
    <message>
        <source>Teams and regions</source>
        <translation>队伍与地区</translation>
    </message>
    <message>
        <source>%1 (all volunteers)</source>
        <translation>%1（全部志愿者）</translation>
    </message>
    <message>
        <source>Other teams</source>
        <translation>其他队伍</translation>
    </message>
    <message>
        <source>Volunteers in no team</source>
        <translation>未加入队伍的志愿者</translation>
    </message>
    <message>
        <source>By region</source>
        <translation>按地区</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::VolunteerDialog</name>
    <message>
        <source>Add volunteer</source>
        <translation>新增志愿者</translation>
    </message>
    <message>
        <source>Edit volunteer</source>
        <translation>编辑志愿者</translation>
    </message>
    <message>
        <source>18 characters; the last may be X</source>
        <translation>18位，最后一位可以是X</translation>
    </message>
    <message>
        <source>11-digit mobile number</source>
        <translation>11位手机号</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>真实姓名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;ID number</source>
        <translation>身份证号(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Gender</source>
        <translation>性别(&amp;G)</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>出生日期</translation>
    </message>
    <message>
        <source>&amp;Mobile</source>
        <translation>手机号(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Political status</source>
        <translation>政治面貌(&amp;P)</translation>
    </message>
    <message>
        <source>E&amp;thnicity</source>
        <translation>民族(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation>所在区域(&amp;R)</translation>
    </message>
    <message>
        <source>Yes, a grassroots "three heads" (school, hospital, farm-station head)</source>
        <translation>是基层“三长”（校长、院长、站长）</translation>
    </message>
    <message>
        <source>&amp;Employer</source>
        <translation>工作单位(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>职称(&amp;L)</translation>
    </message>
    <message>
        <source>Ed&amp;ucation</source>
        <translation>最高学历(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Occupation</source>
        <translation>从业类别(&amp;O)</translation>
    </message>
    <message>
        <source>Three &amp;heads</source>
        <translation>基层“三长”(&amp;H)</translation>
    </message>
    <message>
        <source>Service &amp;categories</source>
        <translation>服务类别(&amp;C)</translation>
    </message>
    <message>
        <source>Service &amp;fields</source>
        <translation>服务领域或行业(&amp;F)</translation>
    </message>
    <message>
        <source>Tea&amp;ms</source>
        <translation>所属队伍(&amp;M)</translation>
    </message>
    <message>
        <source>(from the ID number)</source>
        <translation>（由身份证号得出）</translation>
    </message>
</context>
<context>
    <name>kjzy::desktop::VolunteerTableModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>所在区域</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Political status</source>
        <translation>政治面貌</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>所属队伍</translation>
    </message>
</context>
</TS>
