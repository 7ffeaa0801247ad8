import { NavLink, type NavLinkProps, Stack } from "@mantine/core";
import { createLink, useMatchRoute, useRouter } from "@tanstack/react-router";
import type { AnchorHTMLAttributes, Ref } from "react";
import { useNavItems } from "./navItems";

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
  const matchRoute = useMatchRoute();
  const router = useRouter();
  const items = useNavItems();
  // An entity with a screen of its own links to that route: "/$entity" would resolve to it anyway (static
  // segments rank first), but the router warns that the link names another route.
  const ownScreen = (entity: string) => (`/${entity}` in router.routesByPath ? `/${entity}` : null);
  return (
    <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
      {items
        .filter((item) => isAdmin || !item.adminOnly)
        .map((item) => {
          const own = typeof item.to === "string" ? item.to : ownScreen(item.to.entity);
          const link =
            own !== null
              ? { to: own }
              : { to: "/$entity" as const, params: { entity: (item.to as { entity: string }).entity } };
          return (
            <li key={item.key}>
              <RouterNavLink
                {...link}
                label={item.label}
                leftSection={<item.icon size={20} stroke={1.6} aria-hidden />}
                active={Boolean(matchRoute({ ...link, fuzzy: true }))}
                onClick={onNavigate}
                preload="intent"
              />
            </li>
          );
        })}
    </Stack>
  );
}
