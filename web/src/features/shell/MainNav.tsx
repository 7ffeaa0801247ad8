import { NavLink, type NavLinkProps, Stack } from "@mantine/core";
import { createLink, useMatchRoute } from "@tanstack/react-router";
import type { AnchorHTMLAttributes, Ref } from "react";
import { useTranslation } from "react-i18next";
import { NAV_ITEMS } from "./navItems";

type AnchorNavLinkProps = NavLinkProps &
  Omit<AnchorHTMLAttributes<HTMLAnchorElement>, keyof NavLinkProps> & { ref?: Ref<HTMLAnchorElement> };

function AnchorNavLink(props: AnchorNavLinkProps) {
  return <NavLink component="a" {...props} />;
}

/** Mantine NavLink that navigates with the router (preloading on hover/focus). */
const RouterNavLink = createLink(AnchorNavLink);

interface MainNavProps {
  isAdmin: boolean;
  onNavigate?: () => void;
}

export function MainNav({ isAdmin, onNavigate }: MainNavProps) {
  const { t } = useTranslation();
  const matchRoute = useMatchRoute();
  return (
    <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
      {NAV_ITEMS.filter((item) => isAdmin || !item.adminOnly).map((item) => (
        <li key={item.to}>
          <RouterNavLink
            to={item.to}
            label={t(item.labelKey)}
            leftSection={<item.icon size={20} stroke={1.6} aria-hidden />}
            active={Boolean(matchRoute({ to: item.to, fuzzy: true }))}
            onClick={onNavigate}
            preload="intent"
          />
        </li>
      ))}
    </Stack>
  );
}
