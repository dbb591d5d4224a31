; Inno Setup script for Confide's Windows installer (per-user: no administrator rights needed).
; Built by packaging\windows\build.ps1, which passes AppVersion and SourceDir.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\pyinstaller\dist\Confide"
#endif

[Setup]
AppId={{6F3C2A57-2B7E-4C1D-9E35-0A4C6E1D2B90}
AppName=Confide
AppVersion={#AppVersion}
AppPublisher=Confide
DefaultDirName={localappdata}\Programs\Confide
DefaultGroupName=Confide
PrivilegesRequired=lowest
OutputBaseFilename=Confide-{#AppVersion}-setup
SetupIconFile=..\icons\confide.ico
UninstallDisplayIcon={app}\Confide.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Confide"; Filename: "{app}\Confide.exe"
Name: "{group}\Confide (demo with invented clients)"; Filename: "{app}\Confide.exe"; Parameters: "--demo"
Name: "{userdesktop}\Confide"; Filename: "{app}\Confide.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\Confide.exe"; Description: "Start Confide"; Flags: nowait postinstall skipifsilent
