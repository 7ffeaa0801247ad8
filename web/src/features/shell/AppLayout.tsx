import { AppShell, Box } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { getRouteApi, Outlet } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { canOpenSettings } from "../settings";
import { MainNav } from "./MainNav";
import classes from "./Shell.module.css";
import { ShellHeader } from "./ShellHeader";

const route = getRouteApi("/app");

/** The signed-in frame: header, navigation (a burger drawer below 768 px) and the routed page. */
export function AppLayout() {
  const { t } = useTranslation();
  const { me } = route.useRouteContext();
  const [navOpened, nav] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: "sm", collapsed: { mobile: !navOpened } }}
      padding={{ base: "sm", sm: "lg" }}
    >
      <a className={classes.skipLink} href="#main-content">
        {t("app.skipToContent")}
      </a>
      <AppShell.Header>
        <ShellHeader me={me} navOpened={navOpened} onToggleNav={nav.toggle} />
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t("nav.main")}>
        <MainNav isAdmin={canOpenSettings(me)} onNavigate={nav.close} />
      </AppShell.Navbar>
      <AppShell.Main>
        <Box id="main-content" tabIndex={-1} className={classes.main}>
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
