import { Anchor, type AnchorProps } from "@mantine/core";
import { createLink } from "@tanstack/react-router";
import type { AnchorHTMLAttributes, Ref } from "react";

type Props = AnchorProps &
  Omit<AnchorHTMLAttributes<HTMLAnchorElement>, keyof AnchorProps> & { ref?: Ref<HTMLAnchorElement> };

function MantineAnchor(props: Props) {
  return <Anchor component="a" {...props} />;
}

/** Mantine Anchor that navigates with the router, typed `to`/`params` (e.g. `to="/deals/$id" params={{ id }}`). */
export const RouterAnchor = createLink(MantineAnchor);
