; FPR Desktop (巩固衔接业务管理系统) — Windows installer, compiled by installer/build.py:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DFILES_NSH=build\files.nsh
;            -DOUTFILE=dist\FPRDesktop-Setup-0.1.0.exe -DROOT=<checkout> installer\fpr.nsi
; FILES_NSH lists every file of the one-folder bundle (install) and the same files (uninstall),
; so the uninstaller removes exactly what was installed. The user's database, settings and
; backups live in the per-user data folder (%LOCALAPPDATA%\FPR\FPRDesktop), never here, and
; neither the uninstaller nor an upgrade touches them.

Unicode true
!ifdef NOCOMPRESS
  SetCompress off  ; CI: proves the script and the file list; the output is not shipped
!else
  SetCompressor /SOLID lzma
!endif

!ifndef VERSION
  !error "VERSION is required (-DVERSION=…)"
!endif
!define PRODUCT "FPRDesktop"
!define PRODUCT_TITLE "巩固衔接业务管理系统"
!define PUBLISHER "FPR"
!define EXE "FPRDesktop.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
!define SETTINGS_KEY "Software\${PUBLISHER}\${PRODUCT}"

Name "${PRODUCT_TITLE}"
Caption "${PRODUCT_TITLE} ${VERSION} 安装"
OutFile "${OUTFILE}"
BrandingText "${PRODUCT_TITLE} ${VERSION}"
ShowInstDetails show

; Per user by default (clerks rarely have administrator rights); per machine when the installer
; runs elevated and the administrator chooses it, or with /AllUsers on the command line.
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_INSTDIR "${PRODUCT}"
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${SETTINGS_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${SETTINGS_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!include "MultiUser.nsh"
!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!define MUI_ICON "${ROOT}\resources\icons\fpr.ico"
!define MUI_UNICON "${ROOT}\resources\icons\fpr.ico"
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "启动 ${PRODUCT_TITLE}"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; Version information of Setup.exe itself
VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${PRODUCT_TITLE}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${PRODUCT_TITLE} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "${PUBLISHER}"

!include "${FILES_NSH}"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "本程序需要 64 位 Windows 10 或更高版本。"
    Abort
  ${EndIf}
  !insertmacro MULTIUSER_INIT
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
FunctionEnd

; The program must not run while its files are replaced.
!macro FPR_REQUIRE_CLOSED
  ${If} ${FileExists} "$INSTDIR\${EXE}"
    retry:
    ClearErrors
    FileOpen $0 "$INSTDIR\${EXE}" a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
        "${PRODUCT_TITLE} 正在运行，请先关闭它（数据不会丢失），然后点“重试”。" IDRETRY retry
      Abort
    ${EndIf}
    FileClose $0
  ${EndIf}
!macroend

Section "!${PRODUCT_TITLE}" SecMain
  SectionIn RO
  !insertmacro FPR_REQUIRE_CLOSED
  ; Upgrade: the old program files go (data never lives here); the schema migrates on the first
  ; start, after the program's automatic copy of the database.
  RMDir /r "$INSTDIR\_internal"
  !insertmacro FPR_INSTALL_FILES
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${PRODUCT_TITLE}"
  CreateShortCut "$SMPROGRAMS\${PRODUCT_TITLE}\${PRODUCT_TITLE}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortCut "$SMPROGRAMS\${PRODUCT_TITLE}\卸载 ${PRODUCT_TITLE}.lnk" "$INSTDIR\uninstall.exe"
  CreateShortCut "$DESKTOP\${PRODUCT_TITLE}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; SHCTX is HKCU for a per-user and HKLM for a per-machine installation (MultiUser)
  WriteRegStr SHCTX "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${SETTINGS_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${SETTINGS_KEY}" "Version" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${PRODUCT_TITLE}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  !insertmacro FPR_REQUIRE_CLOSED
  ; Only the installed files: the database, settings and backups in the user data folder stay.
  !insertmacro FPR_UNINSTALL_FILES
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$DESKTOP\${PRODUCT_TITLE}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT_TITLE}\${PRODUCT_TITLE}.lnk"
  Delete "$SMPROGRAMS\${PRODUCT_TITLE}\卸载 ${PRODUCT_TITLE}.lnk"
  RMDir "$SMPROGRAMS\${PRODUCT_TITLE}"
  DeleteRegKey SHCTX "${UNINST_KEY}"
  DeleteRegKey SHCTX "${SETTINGS_KEY}"
  MessageBox MB_ICONINFORMATION \
    "程序已卸载。您的数据库和备份仍保存在 %LOCALAPPDATA%\FPR\FPRDesktop（或管理员设置的备份文件夹），重新安装后可继续使用；如确实不再需要，可手工删除该文件夹。" \
    /SD IDOK
SectionEnd
