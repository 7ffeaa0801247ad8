import { Avatar, type MantineSize, Tooltip } from "@mantine/core";
import { type DirectoryUser, initialsOf } from "./directory";

interface UserAvatarProps {
  user: DirectoryUser | undefined;
  size?: MantineSize | number;
}

/** A user's photo or initials, named for screen readers and in a tooltip. */
export function UserAvatar({ user, size = 24 }: UserAvatarProps) {
  const name = user?.name || user?.email || "";
  return (
    <Tooltip label={name} disabled={!name} withinPortal>
      <Avatar
        src={user?.avatarUrl ?? null}
        size={size}
        radius="xl"
        color="indigo"
        alt={name}
        aria-label={name}
      >
        {initialsOf(name)}
      </Avatar>
    </Tooltip>
  );
}
