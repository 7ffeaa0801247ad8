import { Avatar, Button, FileButton, Group, Stack, Text } from "@mantine/core";
import { IconTrash, IconUpload } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { initialsOf } from "../../ui/people/directory";
import { problemMessage } from "../../ui/problemMessages";
import { AVATAR_ACCEPT, AVATAR_MAX_BYTES, removeAvatar, uploadAvatar } from "./avatarApi";

interface AvatarPickerProps {
  name: string;
  avatarUrl: string | null;
  /** `avatarEndpoint()` (oneself) or `avatarEndpoint(userId)` (an administrator). */
  endpoint: string;
  onChanged: (avatarUrl: string | null) => void;
}

/** A photo with upload and remove; PNG, JPEG or WebP up to 1 MiB. */
export function AvatarPicker({ name, avatarUrl, endpoint, onChanged }: AvatarPickerProps) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => uploadAvatar(endpoint, file),
    onSuccess: (url) => onChanged(url),
    onError: (e) => setError(problemMessage(t, e)),
  });
  const remove = useMutation({
    mutationFn: () => removeAvatar(endpoint),
    onSuccess: () => onChanged(null),
    onError: (e) => setError(problemMessage(t, e)),
  });
  // Cleared after every choice, so the same file can be chosen again (e.g. after a failed upload).
  const resetRef = useRef<() => void>(null);
  const pick = (file: File | null) => {
    setError(null);
    resetRef.current?.();
    if (!file) return;
    if (file.size > AVATAR_MAX_BYTES) {
      setError(t("profile.photoTooLarge"));
      return;
    }
    upload.mutate(file);
  };
  return (
    <Group gap="md" align="center" wrap="nowrap">
      <Avatar src={avatarUrl} alt={t("profile.photoOf", { name })} size={72} radius="xl" color="indigo">
        {initialsOf(name)}
      </Avatar>
      <Stack gap={4}>
        <Group gap="xs">
          <FileButton onChange={pick} accept={AVATAR_ACCEPT} resetRef={resetRef}>
            {(props) => (
              <Button
                {...props}
                variant="light"
                size="xs"
                leftSection={<IconUpload size={14} aria-hidden />}
                loading={upload.isPending}
              >
                {avatarUrl ? t("profile.replacePhoto") : t("profile.uploadPhoto")}
              </Button>
            )}
          </FileButton>
          {avatarUrl ? (
            <Button
              variant="subtle"
              color="red"
              size="xs"
              leftSection={<IconTrash size={14} aria-hidden />}
              loading={remove.isPending}
              onClick={() => {
                setError(null);
                remove.mutate();
              }}
            >
              {t("profile.removePhoto")}
            </Button>
          ) : null}
        </Group>
        <Text size="xs" c={error ? "red" : "dimmed"} role={error ? "alert" : undefined}>
          {error ?? t("profile.photoHint")}
        </Text>
      </Stack>
    </Group>
  );
}
