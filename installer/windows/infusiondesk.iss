; Inno Setup 6.3+ script for Infusion Desk: a per-user install (no administrator
; rights), a Start-menu entry, and an uninstaller that leaves the practice's data alone.
;
; Built by installer/build.py on Windows, which passes the version and folders:
;   iscc /DAppVersion=0.1.0 /DBundleDir=dist\InfusionDesk /DOutputDir=dist\installer
;        /DIconFile=resources\icons\infusiondesk.ico installer\windows\infusiondesk.iss
;
; Where things live (docs/install.md):
;   the program     %LOCALAPPDATA%\Programs\Infusion Desk   (replaced on upgrade)
;   the data        %LOCALAPPDATA%\InfusionDesk              (database and backups;
;                                                            never touched here)
;   window layout   %APPDATA%\InfusionDesk                   (never touched here)

#define AppName "Infusion Desk"
#define ExeName "Infusion Desk.exe"
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\InfusionDesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist\installer"
#endif
#ifndef IconFile
  #define IconFile "..\..\resources\icons\infusiondesk.ico"
#endif

[Setup]
; The AppId ties upgrades and the uninstaller to earlier installs: never change it.
AppId={{4D2891B6-8E01-4BB5-8603-C6FC107D583F}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
; Per user: no UAC prompt; {autopf} is then %LOCALAPPDATA%\Programs.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
OutputDir={#OutputDir}
OutputBaseFilename=InfusionDesk-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; An upgrade closes a running copy first (Restart Manager) so its files can be replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole library folder, so no file of an older version lingers
; beside the new one. Only the program folder: the data folder is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#ExeName}"; Comment: "Home-infusion orders to CMS-1500 claims"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#ExeName}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section: the uninstaller removes exactly the files it installed.
; The database, its backups and the settings are in other folders and stay, so a
; reinstall or an upgrade finds the practice's data where it was.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('{#AppName} has been removed. Your practice''s database and backups were kept in'
      + #13#10 + ExpandConstant('{localappdata}\InfusionDesk') + #13#10#13#10
      + 'Delete that folder yourself only if you no longer need any of its claims.',
      mbInformation, MB_OK);
end;
